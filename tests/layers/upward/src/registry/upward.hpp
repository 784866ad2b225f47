// A registry header that reaches up into management: the layer check must refuse it.
#pragma once
#include "management/router.hpp"
