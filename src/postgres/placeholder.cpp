// placeholder so the postgres layer's library exists before its first source lands
