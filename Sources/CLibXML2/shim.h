// libxml2's HTML parser for Instagram's HTML export. Debian builds libxml2 with ICU, whose UErrorCode then
// clashes with Foundation's: turn the ICU part off before the parser headers come in.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
