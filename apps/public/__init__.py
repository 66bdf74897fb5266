"""Pages anyone may open without signing in: the home page, the work plan, the notice, objections, certificate verification."""
