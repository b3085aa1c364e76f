// placeholder so the python layer's library exists before its first source lands
