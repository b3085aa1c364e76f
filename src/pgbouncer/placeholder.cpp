// placeholder so the pgbouncer layer's library exists before its first source lands
