// connplan observe (issue 8) land here.
