// The parts the served OpenAPI document (management/openapi.hpp) is assembled from, one file each: the model
// schemas with their required lists and examples (openapi_models.cpp), and what the server answers outside the
// catalog: the token endpoint, the health probes, problem documents and the error responses
// (openapi_server.cpp). Internal to the document's generation.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "json/value.hpp"
#include "json/writer.hpp"
#include "management/router.hpp"
#include "registry/catalog.hpp"

namespace norced::management::openapi {

// Every model of the catalog as members of components.schemas: each resource's model, its culture model, its
// nested models and IdNameCodeModel, each with `required` where a write must give a member and an example.
void write_model_schemas(json::Writer& w, const registry::Catalog& catalog);

// The schemas of documents the server writes outside the catalog (ProblemDetails, the token answers, Status),
// as members of components.schemas.
void write_server_schemas(json::Writer& w);
// components.responses: one reusable response per error status (problem documents) that operations $ref.
void write_error_responses(json::Writer& w);
// components.headers: the response headers operations $ref (Warning, strict mode's).
void write_headers(json::Writer& w);
// The Norce Management API operations norced does not serve yet, as members of `paths`: each answers only
// 501 (management/unserved.hpp), under the tag "Not served yet". `operation_ids` holds the ids already used;
// the catalog's name is the operationId when it is still free, else one is made from the method and path.
void write_unserved_paths(json::Writer& w, const Router& router, std::set<std::string>& operation_ids);
// The paths outside the Management API, as members of `paths`: the token endpoint and the health probes.
void write_server_paths(json::Writer& w);

// A parsed JSON value written back as it was (numbers from their source text).
void write_value(json::Writer& w, const json::Value& v);
// A JSON text written into the document; the text is a constant of this program, so a parse error is a bug.
void write_json_text(json::Writer& w, std::string_view text);
// The members of a JSON object text written into the object being written, likewise.
void write_members(json::Writer& w, std::string_view object_text);

}  // namespace norced::management::openapi
