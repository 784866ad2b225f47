#include "json/writer.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstring>

namespace norced::json {

namespace {

rapidjson::SizeType length_of(std::string_view s) { return static_cast<rapidjson::SizeType>(s.size()); }

// RapidJSON's Writer with one more operation: a value that is already JSON text, copied in one piece
// (RawValue copies it a byte at a time).
class RawWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using rapidjson::Writer<rapidjson::StringBuffer>::Writer;
  void raw(std::string_view json, rapidjson::Type type) {
    Prefix(type);
    std::memcpy(os_->Push(json.size()), json.data(), json.size());
  }
};

rapidjson::Type type_of(std::string_view json) {
  switch (json.empty() ? 'n' : json.front()) {
    case '{': return rapidjson::kObjectType;
    case '[': return rapidjson::kArrayType;
    case '"': return rapidjson::kStringType;
    case 't': return rapidjson::kTrueType;
    case 'f': return rapidjson::kFalseType;
    case 'n': return rapidjson::kNullType;
    default: return rapidjson::kNumberType;
  }
}

}  // namespace

struct Writer::Impl {
  rapidjson::StringBuffer buffer;
  RawWriter writer{buffer};
  uint64_t next_id = 1;
};

Writer::Writer() : impl_(std::make_unique<Impl>()) {}
Writer::~Writer() = default;

void Writer::begin_object() {
  impl_->writer.StartObject();
  impl_->writer.Key("$id", 3);
  const std::string id = std::to_string(impl_->next_id++);
  impl_->writer.String(id.data(), length_of(id));
}

void Writer::end_object() { impl_->writer.EndObject(); }

void Writer::begin_object_without_id() { impl_->writer.StartObject(); }

void Writer::begin_array() { impl_->writer.StartArray(); }

void Writer::end_array() { impl_->writer.EndArray(); }

void Writer::key(std::string_view name) { impl_->writer.Key(name.data(), length_of(name)); }

void Writer::null() { impl_->writer.Null(); }

void Writer::boolean(bool b) { impl_->writer.Bool(b); }

void Writer::integer(int64_t v) { impl_->writer.Int64(v); }

void Writer::string(std::string_view s) { impl_->writer.String(s.data(), length_of(s)); }

void Writer::raw(std::string_view json) { impl_->writer.raw(json, type_of(json)); }

void Writer::decimal(const Decimal& d) {
  const std::string text = d.to_string();
  impl_->writer.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

std::string Writer::take() {
  std::string out(impl_->buffer.GetString(), impl_->buffer.GetSize());
  impl_->buffer.Clear();
  impl_->writer.Reset(impl_->buffer);
  impl_->next_id = 1;
  return out;
}

}  // namespace norced::json
