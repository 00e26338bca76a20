"""greet: a tiny command-line tool."""
