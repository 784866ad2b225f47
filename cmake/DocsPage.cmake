# The API reference page (GET / and /docs): Swagger UI from npm (web/package-lock.json), embedded into the
# binary. At build time web/install.sh runs `npm ci` into the build directory and web/embed.mjs turns the files
# the page needs into a C++ source of norced_app (src/app/docs_assets.hpp). Nothing from npm is in the
# repository. -DNORCED_DOCS_PAGE=OFF builds without npm or node; the server then answers /docs with a 404 that
# says so.
option(NORCED_DOCS_PAGE "Embed the API reference page (Swagger UI from npm; needs node and npm at build time)" ON)

set(NORCED_DOCS_SOURCE ${CMAKE_BINARY_DIR}/generated/docs_assets.cpp)
if(NORCED_DOCS_PAGE)
  find_program(NORCED_NODE node)
  find_program(NORCED_NPM npm)
  if(NOT NORCED_NODE OR NOT NORCED_NPM)
    message(FATAL_ERROR "The API reference page needs node and npm at build time (scripts/install-deps.sh installs "
                        "them). Configure with -DNORCED_DOCS_PAGE=OFF to build without it.")
  endif()
  set(web ${CMAKE_SOURCE_DIR}/web)
  set(modules ${CMAKE_BINARY_DIR}/web/node_modules)
  set(stamp ${CMAKE_BINARY_DIR}/web/installed.stamp)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND bash ${web}/install.sh ${web} ${CMAKE_BINARY_DIR}/web ${stamp}
    DEPENDS ${web}/install.sh ${web}/package.json ${web}/package-lock.json
    COMMENT "Installing the API reference page's renderer (npm ci: swagger-ui-dist)")
  set(dist ${modules}/swagger-ui-dist)
  # NAME PATH for each file the page serves under /docs/ (index.html also at / and /docs).
  set(files
      index.html ${web}/index.html
      docs.js ${web}/docs.js
      swagger-ui-bundle.js ${dist}/swagger-ui-bundle.js
      swagger-ui.css ${dist}/swagger-ui.css
      favicon-32x32.png ${dist}/favicon-32x32.png
      # Swagger UI's licence (Apache-2.0) and the notices of what its bundle holds travel with the binary.
      swagger-ui-LICENSE.txt ${dist}/LICENSE
      swagger-ui-NOTICE.txt ${dist}/NOTICE
      swagger-ui-bundle.js.LICENSE.txt ${dist}/swagger-ui-bundle.js.LICENSE.txt)
  add_custom_command(
    OUTPUT ${NORCED_DOCS_SOURCE}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
    COMMAND ${NORCED_NODE} ${web}/embed.mjs ${NORCED_DOCS_SOURCE} ${files}
    DEPENDS ${stamp} ${web}/embed.mjs ${web}/index.html ${web}/docs.js
    COMMENT "Embedding the API reference page")
else()
  file(WRITE ${NORCED_DOCS_SOURCE}.in
       "// Built with -DNORCED_DOCS_PAGE=OFF: no page.\n#include \"app/docs_assets.hpp\"\n"
       "namespace norced::app {\nstd::span<const EmbeddedFile> docs_files() { return {}; }\n}  // namespace norced::app\n")
  configure_file(${NORCED_DOCS_SOURCE}.in ${NORCED_DOCS_SOURCE} COPYONLY)
endif()
target_sources(norced_app PRIVATE ${NORCED_DOCS_SOURCE})
