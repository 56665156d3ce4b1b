#include <Poco/ClassLibrary.h>

#include "site_publisher.h"

POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::SitePublisher)
POCO_END_MANIFEST

CAREPACK_DECLARE_PLUGIN("site")
