// Finds and loads plugins, checks the API version each was built for, and lists what they can
// do. A plugin that fails to load is reported by name and reason; the others still run.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "carepack/plugin.h"

namespace carepack {

struct PluginProblem {
    std::filesystem::path file;
    std::string reason;
};

class PluginHost {
public:
    PluginHost();
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    // Loads every carepack-*.so in the folder, in name order.
    void load_directory(const std::filesystem::path& dir);
    // Loads one library; false (and a problem recorded) when it cannot be used.
    bool load_file(const std::filesystem::path& file);

    // $CAREPACK_PLUGIN_PATH (colon-separated) if set, else the build tree's plugin folder when
    // running from it, else the installed one.
    static std::vector<std::filesystem::path> default_directories();

    const std::vector<PluginProblem>& problems() const { return problems_; }
    std::vector<const Plugin*> plugins() const;  // in load order
    const Plugin* find(std::string_view id) const;
    const Renderer* renderer_for(std::string_view format) const;
    const DocumentKind* kind(std::string_view id) const;
    const Publisher* publisher(std::string_view id) const;  // `site`
    std::vector<std::string> formats() const;
    std::vector<std::string> kinds() const;
    std::string file_of(const Plugin* p) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::vector<PluginProblem> problems_;
};

}  // namespace carepack
