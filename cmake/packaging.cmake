# Installation layout (issue 5, packaging).
install(TARGETS connplan RUNTIME DESTINATION bin)
install(DIRECTORY rules/ DESTINATION share/connplan/rules FILES_MATCHING PATTERN "*.md")
