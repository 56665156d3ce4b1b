#include <Poco/ClassLibrary.h>

#include "offer_kind.h"

POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::OfferKind)
POCO_END_MANIFEST

CAREPACK_DECLARE_PLUGIN("local-offer")
