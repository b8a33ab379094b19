package io.tdxsim.sim.scenario;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.net.URL;

/**
 * Makes every include of a scenario required. HOCON skips a missing include silently unless it
 * says required(...); a scenario that quietly loses the devices or programs it includes would run
 * something else than its author wrote, so a missing include is refused like any bad input.
 */
final class RequiredIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
        ConfigIncluderClasspath {

    private final ConfigIncluder fallback;

    RequiredIncludes() {
        this(null);
    }

    private RequiredIncludes(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder other) {
        return fallback == null ? new RequiredIncludes(other) : this;
    }

    private static ConfigIncludeContext required(ConfigIncludeContext context) {
        return context.setParseOptions(context.parseOptions().setAllowMissing(false));
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        ConfigIncludeContext required = required(context);
        if (context.relativeTo(what) == null && !new File(what).isAbsolute()) {
            // The including file was named without a folder (tdxsim run my.conf): the library finds
            // no folder to resolve against and would look on the classpath; its folder is the current one.
            return ConfigFactory.parseFileAnySyntax(new File(what), required.parseOptions()).root();
        }
        return fallback.include(required, what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return ((ConfigIncluderFile) fallback).includeFile(required(context), what);
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        return ((ConfigIncluderURL) fallback).includeURL(required(context), what);
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return ((ConfigIncluderClasspath) fallback).includeResources(required(context), what);
    }
}
