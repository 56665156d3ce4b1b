#include <Poco/ClassLibrary.h>
#include "html_renderer.h"
POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::HtmlRenderer)
POCO_END_MANIFEST
CAREPACK_DECLARE_PLUGIN("html")
