// Present so the include above names a real layer.
#pragma once
