/*
 * The scope and storage helpers every Material script uses; the site root is two levels above this file.
 * Material's inline start-up script (partials/javascripts/base.html in Material 9.8), served as a file so the
 * site runs under a Content-Security-Policy without 'unsafe-inline' scripts
 * (awsnotes/http_policy.py). Keep it in step with Material when upgrading:
 * tests/test_security.py compares it with the theme's own.
 */
__md_scope=new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
