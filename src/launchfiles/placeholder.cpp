// Launch-file readers (issue 6) land here.
