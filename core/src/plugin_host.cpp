#include "carepack/plugin_host.h"

#include <algorithm>
#include <cstdlib>

#include <Poco/ClassLoader.h>
#include <Poco/Manifest.h>
#include <Poco/SharedLibrary.h>

namespace carepack {

Plugin::~Plugin() = default;

std::vector<DocumentKind::ContentFile> DocumentKind::content(const Authority&, Diagnostics&) const { return {}; }
std::vector<DocumentKind::Applicability> DocumentKind::applicability(const KindRequest&, Diagnostics&) const { return {}; }
std::vector<std::string> DocumentKind::parts(const Authority&) const { return {}; }

struct PluginHost::Impl {
    struct Loaded {
        std::string file;
        std::unique_ptr<Plugin> plugin;
    };
    // The loader must outlive the objects it made: members are destroyed in reverse order.
    Poco::ClassLoader<Plugin> loader;
    std::vector<Loaded> loaded;

    ~Impl() {
        std::vector<std::string> files;
        for (auto& l : loaded) {
            files.push_back(l.file);
            l.plugin.reset();
        }
        loaded.clear();
        std::sort(files.begin(), files.end());
        files.erase(std::unique(files.begin(), files.end()), files.end());
        for (const auto& f : files) {
            try {
                loader.unloadLibrary(f);
            } catch (...) {
            }
        }
    }
};

PluginHost::PluginHost() : impl_(std::make_unique<Impl>()) {}
PluginHost::~PluginHost() = default;

void PluginHost::load_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        problems_.push_back({dir, "not a folder"});
        return;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        auto name = e.path().filename().string();
        if (e.path().extension() == ".so" && name.rfind("carepack-", 0) == 0) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_file(f);
}

bool PluginHost::load_file(const std::filesystem::path& file) {
    const std::string path = std::filesystem::absolute(file).string();
    // Read the declaration first, so a library built for another API is refused before any of
    // its classes is touched.
    try {
        Poco::SharedLibrary lib(path);
        if (!lib.hasSymbol("carepack_plugin")) {
            problems_.push_back({file, "not a carepack plugin: it has no carepack_plugin declaration"});
            lib.unload();
            return false;
        }
        using DeclarationFn = const carepack_plugin_declaration* (*)();
        auto declare = reinterpret_cast<DeclarationFn>(lib.getSymbol("carepack_plugin"));
        const carepack_plugin_declaration* d = declare();
        if (!d || d->api_version != plugin_api_version) {
            problems_.push_back({file, std::string("plugin '") + (d && d->id ? d->id : "?") +
                                           "' was built for plugin API version " +
                                           std::to_string(d ? d->api_version : -1) + "; this carepack needs version " +
                                           std::to_string(plugin_api_version) + ". Rebuild it against this carepack"});
            lib.unload();
            return false;
        }
        lib.unload();
    } catch (const Poco::Exception& e) {
        problems_.push_back({file, "cannot load: " + e.displayText()});
        return false;
    }

    try {
        impl_->loader.loadLibrary(path);
        const auto* manifest = impl_->loader.findManifest(path);
        if (!manifest || manifest->begin() == manifest->end()) {
            problems_.push_back({file, "the plugin exports no classes"});
            impl_->loader.unloadLibrary(path);
            return false;
        }
        std::vector<std::string> names;
        for (auto it = manifest->begin(); it != manifest->end(); ++it) names.push_back(it->name());
        std::sort(names.begin(), names.end());
        for (const auto& name : names) {
            std::unique_ptr<Plugin> p(impl_->loader.create(name));
            if (find(p->id())) {
                problems_.push_back({file, "a plugin with the id '" + p->id() + "' is loaded already; this one is ignored"});
                continue;
            }
            impl_->loaded.push_back({path, std::move(p)});
        }
        return true;
    } catch (const Poco::Exception& e) {
        problems_.push_back({file, "cannot load: " + e.displayText()});
    } catch (const std::exception& e) {
        problems_.push_back({file, std::string("cannot load: ") + e.what()});
    }
    return false;
}

std::vector<std::filesystem::path> PluginHost::default_directories() {
    std::vector<std::filesystem::path> dirs;
    if (const char* env = std::getenv("CAREPACK_PLUGIN_PATH"); env && *env) {
        std::string s = env;
        std::size_t start = 0;
        while (start <= s.size()) {
            auto end = s.find(':', start);
            if (end == std::string::npos) end = s.size();
            if (end > start) dirs.emplace_back(s.substr(start, end - start));
            start = end + 1;
        }
        return dirs;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(CAREPACK_BUILD_PLUGIN_DIR, ec)) dirs.emplace_back(CAREPACK_BUILD_PLUGIN_DIR);
    else dirs.emplace_back(CAREPACK_INSTALL_PLUGINDIR);
    return dirs;
}

std::vector<const Plugin*> PluginHost::plugins() const {
    std::vector<const Plugin*> out;
    for (const auto& l : impl_->loaded) out.push_back(l.plugin.get());
    return out;
}

const Plugin* PluginHost::find(std::string_view id) const {
    for (const auto& l : impl_->loaded)
        if (l.plugin->id() == id) return l.plugin.get();
    return nullptr;
}

const Renderer* PluginHost::renderer_for(std::string_view format) const {
    for (const auto& l : impl_->loaded)
        if (const auto* r = dynamic_cast<const Renderer*>(l.plugin.get())) {
            auto formats = r->capabilities().formats;
            if (std::find(formats.begin(), formats.end(), format) != formats.end()) return r;
        }
    return nullptr;
}

const DocumentKind* PluginHost::kind(std::string_view id) const {
    for (const auto& l : impl_->loaded)
        if (const auto* k = dynamic_cast<const DocumentKind*>(l.plugin.get())) {
            auto kinds = k->capabilities().kinds;
            if (k->id() == id || std::find(kinds.begin(), kinds.end(), id) != kinds.end()) return k;
        }
    return nullptr;
}

const Publisher* PluginHost::publisher(std::string_view id) const {
    for (const auto& l : impl_->loaded)
        if (const auto* p = dynamic_cast<const Publisher*>(l.plugin.get()); p && p->id() == id) return p;
    return nullptr;
}

std::vector<std::string> PluginHost::formats() const {
    std::vector<std::string> out;
    for (const auto& l : impl_->loaded)
        if (const auto* r = dynamic_cast<const Renderer*>(l.plugin.get()))
            for (const auto& f : r->capabilities().formats) out.push_back(f);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> PluginHost::kinds() const {
    std::vector<std::string> out;
    for (const auto& l : impl_->loaded)
        if (dynamic_cast<const DocumentKind*>(l.plugin.get())) out.push_back(l.plugin->id());
    std::sort(out.begin(), out.end());
    return out;
}

std::string PluginHost::file_of(const Plugin* p) const {
    for (const auto& l : impl_->loaded)
        if (l.plugin.get() == p) return l.file;
    return {};
}

}  // namespace carepack
