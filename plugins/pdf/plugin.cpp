#include <Poco/ClassLibrary.h>
#include "pdf_renderer.h"
POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::PdfRenderer)
POCO_END_MANIFEST
CAREPACK_DECLARE_PLUGIN("pdf")
