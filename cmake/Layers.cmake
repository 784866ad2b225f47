# The layers of norced and what each may include. A layer is a folder of src/; a folder not listed belongs to
# the layer of its parent (src/management/resources is management). CheckLayers.cmake reads this list and
# fails the build on an include that reaches a layer not below it.
set(NORCED_LAYERS core json registry store store/sql store/sqlite store/postgres http identity management connect query app)
set(NORCED_LAYER_core "core")
set(NORCED_LAYER_json "core;json")
set(NORCED_LAYER_registry "core;json;registry")
set(NORCED_LAYER_store "core;registry;store;store/sql")
set(NORCED_LAYER_store/sql "core;registry;store;store/sql")
set(NORCED_LAYER_store/sqlite "core;registry;store;store/sql;store/sqlite")
set(NORCED_LAYER_store/postgres "core;registry;store;store/sql;store/postgres")
set(NORCED_LAYER_http "core;json;http")
set(NORCED_LAYER_identity "core;json;http;store;identity")
set(NORCED_LAYER_management "core;json;registry;store;http;identity;management")
set(NORCED_LAYER_connect "core;json;registry;store;http;identity;management;connect")
# The Query API reads through the registry and the store; it uses management only for the catalog of resources.
set(NORCED_LAYER_query "core;json;registry;store;http;identity;management;query")
set(NORCED_LAYER_app "core;json;registry;store;store/sql;store/sqlite;store/postgres;http;identity;management;connect;query;app")
