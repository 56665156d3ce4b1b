// Writing outputs so that a crash never leaves half a file: write beside, then rename.
#pragma once

#include <filesystem>
#include <string_view>

namespace carepack {

enum class Privacy { Shared, OwnerOnly };

// Writes `bytes` to a temporary file in the same folder and renames it over `file`. OwnerOnly
// files (personal documents) are created readable by their owner only. Throws Failure naming
// the file on any error, leaving no partial file behind.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes,
                           Privacy privacy = Privacy::Shared);

// For a folder that is written in full under a staging name and renamed into place as a whole
// (a website): writes `file` directly, without a temporary name or a flush of its own, since
// nothing reads the staging folder until it is complete. Call flush_folder on the staging folder
// once, before renaming it, so that what is swapped in is on disk.
void write_staged_file(const std::filesystem::path& file, std::string_view bytes);
void flush_folder(const std::filesystem::path& folder);

}  // namespace carepack
