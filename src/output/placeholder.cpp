// Output formats (issue 5) land here.
