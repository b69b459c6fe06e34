"""Build, check, publish and benchmark scripts for AWS Notes."""
