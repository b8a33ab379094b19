package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.asm.Assembler;
import io.tdxsim.vmm.AddressMap;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vmm.UnassignedPolicy;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a scenario file over the defaults in reference.conf and validates all of it before
 * anything runs; every problem found is reported, not just the first.
 */
public final class ScenarioLoader {

    /** The assembler symbol every program has for the start of guest RAM; no device may take its name. */
    public static final String RAM_SYMBOL = "ram";
    /** The assembler's symbol for the linear address of guest-physical 0 in the user mapping. */
    public static final String USER_SYMBOL = "user_base";

    /** The scenario `./tdxsim run` uses when given no file. */
    public static final String DEFAULT_RESOURCE = "default-scenario.conf";

    private static final long MAX_NS = 3_600_000_000_000L;

    private ScenarioLoader() {
    }

    public static Scenario load(Path file, List<String> overrides) {
        File f = file.toFile();
        if (f.isDirectory()) {
            throw new ScenarioException(file + ": is a directory (expected a scenario file such as conf/quickstart.conf)");
        }
        if (!f.isFile()) {
            throw new ScenarioException(file + ": scenario file not found");
        }
        if (!f.canRead()) {
            throw new ScenarioException(file + ": cannot be read (expected a readable scenario file)");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                    .setAllowMissing(false).setIncluder(new RequiredIncludes()));
        } catch (ConfigException e) {
            throw new ScenarioException(IncludeProblem.describe(file, e).orElseGet(() -> oneLine(e)));
        }
        return fromConfig(ContainerLines.fix(parsed), overrides, file.toString(), stripConf(f.getName()));
    }

    public static Scenario loadDefault(List<String> overrides) {
        Config parsed = parse(() -> ConfigFactory.parseResources(ScenarioLoader.class.getClassLoader(),
                DEFAULT_RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false)));
        return fromConfig(parsed, overrides, "built-in default scenario", "default");
    }

    public static Scenario fromText(String text, String sourceName) {
        return fromText(text, sourceName, List.of());
    }

    /** A scenario from its text (such as another node's {@link Scenario#rendered()}) with --set style overrides. */
    public static Scenario fromText(String text, String sourceName, List<String> overrides) {
        Config parsed = parse(() -> ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setOriginDescription(sourceName)));
        return fromConfig(parsed, overrides, sourceName, stripConf(sourceName));
    }

    private interface Parse {
        Config run();
    }

    private static Config parse(Parse parse) {
        try {
            return parse.run();
        } catch (ConfigException e) {
            throw new ScenarioException(oneLine(e));
        }
    }

    /** HOCON's own message on one line, its origin written as file:line like every other problem. */
    static String oneLine(ConfigException e) {
        return Problems.where(e.origin()) + Problems.withoutOrigin(e);
    }

    private static Scenario fromConfig(Config parsed, List<String> overrides, String source, String fallbackName) {
        Problems problems = new Problems();
        for (String key : parsed.root().keySet()) {
            if (!key.equals("tdxsim")) {
                problems.add(parsed.root().get(key).origin(), key,
                        "unknown top-level key; a scenario lives under tdxsim { }");
            }
        }
        if (!parsed.root().containsKey("tdxsim")) {
            if (problems.isEmpty()) {
                problems.add(parsed.origin(), "tdxsim", "missing; a scenario lives under tdxsim { }");
            }
            problems.throwIfAny();
        }
        if (!(parsed.root().get("tdxsim") instanceof ConfigObject)) {
            ConfigValue top = parsed.root().get("tdxsim");
            problems.add(top.origin(), "tdxsim", "expected an object { ... }, got " + KeyCheck.describe(top));
            problems.throwIfAny();
        }
        Config reference = ConfigFactory.defaultReference().getConfig("tdxsim");
        checkShapesAsWritten(parsed, reference);
        Config withOverrides = parsed;
        for (String o : overrides) {
            int eq = o.indexOf('=');
            String key = (eq < 0 ? o : o.substring(0, eq)).trim();
            String path = key.startsWith("tdxsim.") ? key : "tdxsim." + key;
            if (eq <= 0) {
                problems.addRaw(Problems.OVERRIDE + o + ": " + path + ": expected key=value");
                continue;
            }
            try {
                Config one = ConfigFactory.parseString(path + " = " + o.substring(eq + 1),
                        ConfigParseOptions.defaults().setOriginDescription(Problems.OVERRIDE + o));
                withOverrides = one.withFallback(withOverrides);
            } catch (ConfigException e) {
                problems.addRaw(Problems.OVERRIDE + o + ": " + path + ": " + Problems.withoutOrigin(e));
            }
        }
        Config tdx;
        Config own;
        try {
            Config resolved = withOverrides.resolve();
            own = resolved.hasPath("tdxsim") ? resolved.getConfig("tdxsim") : ConfigFactory.empty();
            if (!KeyCheck.check(own.root(), reference.root(), "tdxsim", problems)) {
                problems.throwIfAny();      // reading a wrong shape would only repeat the problem
            }
            tdx = own.withFallback(reference);
        } catch (ConfigException.UnresolvedSubstitution e) {
            problems.addRaw(Unresolved.describe(withOverrides, e));
            throw new ScenarioException(problems.lines());
        } catch (ConfigException e) {
            problems.addRaw(oneLine(e));
            throw new ScenarioException(problems.lines());
        }
        Scenario scenario = read(new Reader(tdx, "tdxsim", problems), source, fallbackName, problems, own);
        problems.throwIfAny();
        return scenario;
    }

    /**
     * Shapes are checked on the file as written too: an override such as --set guest.handler=x
     * would merge an object over a file's `guest = 5` and hide it, leaving reference.conf's keys
     * to be blamed. Values that need a substitution are left to the check after overrides.
     */
    private static void checkShapesAsWritten(Config parsed, Config reference) {
        Problems early = new Problems();
        try {
            Config asWritten = parsed.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
            if (asWritten.root().get("tdxsim") instanceof ConfigObject tdxsim
                    && !KeyCheck.check(tdxsim, reference.root(), "tdxsim", early)) {
                early.throwIfAny();
            }
        } catch (ConfigException e) {
            // reported with its key once the overrides are applied and everything is resolved
        }
    }

    /** @param own the scenario's own keys, before reference.conf fills in the rest */
    private static Scenario read(Reader r, String source, String fallbackName, Problems problems, Config own) {
        String name = r.config().getValue("name").origin().filename() == null
                && r.string("name").equals("unnamed") ? fallbackName : r.string("name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            r.problem("name", "expected letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        long seed = r.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        Scenario.Mode mode = r.oneOf("mode", s -> parseEnum(Scenario.Mode.class, s), "stress, deterministic");
        long window = r.has("stress.window") && "unbounded".equals(r.config().getValue("stress.window").unwrapped())
                ? Scenario.UNBOUNDED_WINDOW : r.nanos("stress.window", MAX_NS);
        if (window == 0) {
            r.problem("stress.window", "expected a window above 0 (mode = deterministic is the 0 window) or unbounded");
        }
        r.intIn("explore.seeds", 1, 10_000_000);
        r.intIn("explore.jobs", 0, 256);
        r.intIn("explore.preemptions", 0, 1_000_000);
        String coordinator = r.string("cluster.coordinator");
        if (!coordinator.isBlank()) {
            try {
                HostPort.parse(coordinator);
            } catch (IllegalArgumentException e) {
                r.problem("cluster.coordinator", e.getMessage());
            }
        }
        r.intIn("cluster.workers", 1, 1024);
        int before = problems.size();
        if (r.nanos("cluster.join-timeout", MAX_NS) < 1_000_000 && problems.size() == before) {
            r.problem("cluster.join-timeout", "expected at least 1ms");
        }
        String ties = r.string("schedule.tie-break");
        if (!ties.equals("seeded") && !ties.equals("index")) {
            r.problem("schedule.tie-break", "expected seeded or index, got '" + ties + "'");
        }
        io.tdxsim.vmm.engine.SchedulePlan schedule = new io.tdxsim.vmm.engine.SchedulePlan(seed, ties.equals("seeded"),
                r.nanos("schedule.jitter", MAX_NS), r.intIn("schedule.preemptions", 0, 1_000_000),
                r.nanos("schedule.preemption", MAX_NS), r.nanos("schedule.within", MAX_NS * 24));

        int gpaWidth = r.intIn("guest.gpa-width", 48, 52);
        if (gpaWidth != 48 && gpaWidth != 52) {
            r.problem("guest.gpa-width", "expected 48 or 52, got " + gpaWidth);
            gpaWidth = 48;
        }
        HandlerProfile handler = r.oneOf("guest.handler", HandlerProfile::parse, HandlerProfile.choices());
        String path = r.string("guest.mmio-path");
        if (!path.equals("ve") && !path.equals("hypercall")) {
            r.problem("guest.mmio-path", "expected ve or hypercall, got '" + path + "'");
        }
        long ram = r.bytes("guest.ram", 4096, 1L << 40);
        Scenario.Guest guest = new Scenario.Guest(gpaWidth, handler, path.equals("hypercall"), ram,
                PagesReader.read(r, ram, gpaWidth));

        Scenario.Costs costs = new Scenario.Costs(r.nanos("costs.instruction", MAX_NS), r.nanos("costs.ve", MAX_NS),
                r.nanos("costs.tdvmcall", MAX_NS), r.nanos("costs.vmm", MAX_NS),
                r.nanos("costs.device-service", MAX_NS));
        Scenario.Vmm vmm = new Scenario.Vmm(r.intIn("vmm.routers", 1, 1024),
                r.oneOf("vmm.unassigned", s -> parseEnum(UnassignedPolicy.class, s), "error, ones, zeros"),
                r.nanos("vmm.device-timeout", MAX_NS), r.longIn("vmm.restart-after-calls", 0, Long.MAX_VALUE),
                r.longIn("vmm.lose-answer-every", 0, Long.MAX_VALUE),
                Boolean.TRUE.equals(r.oneOf("vmm.invalid-access", s -> switch (s) {
                    case "ignore" -> Boolean.FALSE;
                    case "error" -> Boolean.TRUE;
                    default -> null;
                }, "ignore, error")),
                r.oneOf("vmm.unassigned-ports", s -> parseEnum(UnassignedPolicy.class, s), "error, ones, zeros"));
        Scenario.RunLimits run = new Scenario.RunLimits(r.longIn("run.max-instructions", 1, Long.MAX_VALUE),
                r.intIn("run.slice", 1, 1_000_000), r.intIn("run.dispatcher-threads", 0, 1024),
                r.nanos("run.timeout", MAX_NS * 24) / 1_000_000, r.intIn("run.trace-exits", 0, 50_000_000),
                r.intIn("run.record-schedule", 0, 100_000_000),
                r.nanos("run.duration", MAX_NS * 24) / 1_000_000, r.nanos("run.sample-interval", MAX_NS) / 1_000_000,
                r.nanos("run.virtual-duration", MAX_NS * 24),
                r.oneOf("run.dispatcher-executor",
                        e -> DispatcherExecutor.ofScenarioName(e) == null ? null : e, DispatcherExecutor.scenarioNames()),
                r.intIn("run.dispatcher-throughput", 1, 1_000_000), r.intIn("run.vcpu-actors", 0, 1 << 24),
                r.intIn("run.serving-threads", 0, 1024), r.intIn("run.serving-above-vcpus", 0, Integer.MAX_VALUE));
        if (mode == Scenario.Mode.DETERMINISTIC && run.durationMs() > 0) {
            r.problem("run.duration", "a wall-clock duration ends a run at a different point each time, so "
                    + "deterministic mode cannot repeat it; expected run.virtual-duration instead");
        }

        Map<String, Scenario.Program> programs = readPrograms(r);
        List<Scenario.Device> devices = readDevices(r, costs.deviceServiceNs(), ram, gpaWidth, seed);
        PagesReader.checkDevices(r, guest.pages(), devices);
        List<Scenario.Group> groups = readGroups(r, programs, devices, own);
        if (r.has("devices")) {
            InterruptRoutes.checkCpus(r, listOfObjects(r, "devices"), devices,
                    groups.stream().mapToLong(Scenario.Group::count).sum());
        }
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).faults().drops() && vmm.deviceTimeoutNs() == 0) {
                r.problem("devices", "device '" + devices.get(i).name() + "' drops answers but vmm.device-timeout is 0;"
                        + " expected a timeout such as 100us so its callers are answered");
            }
        }
        Scenario.Outcomes outcomes = readOutcomes(r, devices, groups.stream().mapToLong(Scenario.Group::count).sum());
        String rendered = com.typesafe.config.ConfigFactory.empty().withValue("tdxsim", r.config().root())
                .root().render(com.typesafe.config.ConfigRenderOptions.defaults().setOriginComments(false)
                        .setComments(false).setJson(false));
        return new Scenario(name, source, seed, mode, window, schedule, guest, costs, vmm, run, devices, groups, programs, outcomes,
                rendered);
    }

    private static Scenario.Outcomes readOutcomes(Reader r, List<Scenario.Device> devices, long vcpus) {
        int repeat = r.intIn("outcomes.repeat", 1, 100_000);
        boolean acceptFailures = r.bool("outcomes.accept-failures");
        String key = r.string("outcomes.key");
        List<Scenario.GradeRule> rules = new ArrayList<>();
        List<? extends Config> grades = listOfObjects(r, "outcomes.grades");
        grades = grades == null ? List.of() : grades;
        for (int i = 0; i < grades.size(); i++) {
            Reader g = new Reader(grades.get(i), r.key("outcomes.grades[" + i + "]"), r.problems());
            if (missesSeveral(g, r.key("outcomes.grades[" + i + "]"), "{ id = \"0\", grade = ACCEPTABLE }",
                    grades.get(i).hasPath("id"), "id", grades.get(i).hasPath("grade"), "grade")) {
                continue;
            }
            String id = g.string("id");
            java.util.regex.Pattern pattern = null;
            try {
                pattern = java.util.regex.Pattern.compile(id);
            } catch (java.util.regex.PatternSyntaxException e) {
                g.problem("id", "expected a regular expression: " + e.getDescription());
            }
            Scenario.Grade grade = g.oneOf("grade", s -> parseEnum(Scenario.Grade.class, s),
                    "ACCEPTABLE, ACCEPTABLE_INTERESTING, FORBIDDEN");
            String desc = grades.get(i).hasPath("desc") ? g.string("desc") : "";
            rules.add(new Scenario.GradeRule(id, pattern, grade, desc));
        }
        if (key.isEmpty()) {
            if (!rules.isEmpty()) {
                r.problem("outcomes.key", "grades are given but no key to grade; expected e.g. \"{counter0.value}\"");
            }
            return new Scenario.Outcomes(null, repeat, List.of(), "", acceptFailures);
        }
        for (String problem : OutcomeTemplate.check(key, devices.stream().map(Scenario.Device::name).toList(),
                vcpus)) {
            r.problem("outcomes.key", problem);
        }
        return new Scenario.Outcomes(key, repeat, rules, Problems.where(r.config().getValue("outcomes.key").origin()),
                acceptFailures);
    }

    private static Map<String, Scenario.Program> readPrograms(Reader r) {
        Map<String, Scenario.Program> programs = new LinkedHashMap<>();
        if (r.config().getValue("programs").valueType() != ConfigValueType.OBJECT) {
            r.problem("programs", "expected an object of name = \"\"\"assembly\"\"\"");
            return programs;
        }
        for (String key : r.config().getObject("programs").keySet()) {
            var value = r.config().getObject("programs").get(key);
            if (value.valueType() == ConfigValueType.OBJECT) {
                programs.put(key, CProgramEntry.read(r, key, (com.typesafe.config.ConfigObject) value, problemsOf(r)));
                continue;
            }
            if (value.valueType() != ConfigValueType.STRING) {
                problemsOf(r).add(value.origin(), r.key("programs." + key),
                        "expected a program as a string of assembly, or { c = \"\"\"...\"\"\" } or { elf = FILE }");
                programs.put(key, null);    // a known name: groups that use it are not reported again
                continue;
            }
            programs.put(key, ProgramOrigin.program((String) value.unwrapped(), value.origin()));
        }
        return programs;
    }

    /** Ports a port device spans unless it says: the eight registers of a 16550. */
    static final long PORT_DEVICE_SIZE = 8;

    private static List<Scenario.Device> readDevices(Reader r, long defaultService, long ram, int gpaWidth,
                                                     long seed) {
        List<Scenario.Device> devices = new ArrayList<>();
        List<? extends Config> list = listOfObjects(r, "devices");
        if (list == null) {
            return devices;
        }
        for (int i = 0; i < list.size(); i++) {
            Config c = list.get(i);
            Reader d = new Reader(c, r.key("devices[" + i + "]"), problemsOf(r));
            if (missesSeveral(d, r.key("devices[" + i + "]"), "{ name = dev0, model = scratch, base = 0xfe000000 }",
                    c.hasPath("name"), "name", c.hasPath("model") || c.hasPath("class"), "model or class",
                    c.hasPath("base") || c.hasPath("port"), "base or port")) {
                continue;
            }
            String name = d.has("name") ? d.string("name") : "";
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                d.problem("name", "expected an identifier (letters, digits, '_'), got '" + name + "'");
            }
            if (Gpr.parse(name) != null) {
                d.problem("name", "'" + name + "' is a register name; choose another device name");
            } else if (name.equals(RAM_SYMBOL)) {
                d.problem("name", "'" + name + "' is the assembler's built-in symbol for guest RAM"
                        + " (expected another device name)");
            } else if (name.equals(USER_SYMBOL)) {
                d.problem("name", "'" + name + "' is the assembler's built-in symbol for the user mapping"
                        + " (expected another device name)");
            } else if (Assembler.isReserved(name)) {
                d.problem("name", "'" + name + "' is a reserved word of the assembler (expected another device name)");
            }
            boolean hasModel = d.has("model");
            boolean hasClass = d.has("class");
            if (hasModel == hasClass) {
                d.problem(hasModel ? "class" : "model", "expected exactly one of model or class");
            }
            int before = problemsOf(r).size();
            boolean port = c.hasPath("port");
            if (port && c.hasPath("base")) {
                d.problem("port", "expected exactly one of base (a guest-physical address) or port (an I/O port)");
            }
            long base = d.address(port ? "port" : "base");
            if (port && problemsOf(r).size() == before && Long.compareUnsigned(base, io.tdxsim.vmm.Ghci.PORTS) >= 0) {
                d.problem("port", String.format("0x%x is not an I/O port (expected 0 .. 0xffff)", base));
            }
            long size = d.has("size") ? d.bytes("size", 1, 1L << 40) : port ? PORT_DEVICE_SIZE : 4096;
            // An unreadable base or size is reported already; checking its range would repeat that.
            boolean readable = problemsOf(r).size() == before;
            if (port) {
                if (readable && base + size > io.tdxsim.vmm.Ghci.PORTS) {
                    d.problem("size", String.format("ports 0x%x+%d run past 0xffff (expected a range within the"
                            + " 64 Ki ports)", base, size));
                }
                readable = false;            // none of the guest-physical checks below apply
            }
            long limit = 1L << (gpaWidth - 1);      // the shared bit: device ranges lie below it
            String shape = AddressMap.rangeProblem(base, size);
            if (readable && Long.compareUnsigned(base, ram) < 0) {
                d.problem("base", String.format("0x%x lies in private RAM (guest.ram is 0x%x bytes); expected an "
                        + "address at or above it", base, ram));
            } else if (readable && (Long.compareUnsigned(base, limit) >= 0 || size > limit - base)) {
                // compared without base + size, which can overflow past the check
                d.problem("base", String.format("range 0x%x+0x%x is beyond the GPA width (%d bits, shared bit %d)",
                        base, size, gpaWidth, gpaWidth - 1));
            } else if (readable && shape != null) {
                d.problem(shape.startsWith("size") && d.has("size") ? "size" : "base", shape
                        + " (expected ranges in whole multiples of " + AddressMap.GRANULE + " bytes, aligned to "
                        + AddressMap.GRANULE + ")");
            }
            long service = d.has("service") ? d.nanos("service", MAX_NS) : defaultService;
            DeviceParams params = new DeviceParams(c.hasPath("params") ? c.getConfig("params")
                    : com.typesafe.config.ConfigFactory.empty(), r.key("devices[" + i + "].params"));
            io.tdxsim.vmm.DeviceFaults faults = readFaults(d, c, seed * 7919 + i);
            devices.add(new Scenario.Device(name, hasModel ? d.string("model") : null,
                    hasClass ? d.string("class") : null, base, size, port, service, params, faults,
                    InterruptRoutes.read(d, c), Problems.where(c.origin())));
        }
        List<Scenario.Device> distinct = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            boolean duplicate = false;
            for (int j = 0; j < i && !duplicate; j++) {
                duplicate = devices.get(i).name().equals(devices.get(j).name());
            }
            if (duplicate) {
                problemsOf(r).addRaw(devices.get(i).where() + r.key("devices[" + i + "].name")
                        + ": duplicate device name '" + devices.get(i).name() + "'");
            }
            // a duplicate (often a copied entry) is one mistake: its range is not reported again
            distinct.add(duplicate ? null : devices.get(i));
        }
        checkOverlaps(distinct, r);
        return devices;
    }

    private static io.tdxsim.vmm.DeviceFaults readFaults(Reader d, Config c, long seed) {
        boolean restart = false;
        if (c.hasPath("on-failure")) {
            String policy = d.string("on-failure");
            if (!policy.equals("resume") && !policy.equals("restart")) {
                d.problem("on-failure", "expected resume or restart, got '" + policy + "'");
            }
            restart = policy.equals("restart");
        }
        if (!c.hasPath("faults")) {
            return restart ? new io.tdxsim.vmm.DeviceFaults(0, 0, 0, 0, 0, 0, 0, 0, true, seed)
                    : io.tdxsim.vmm.DeviceFaults.NONE;
        }
        Reader f = new Reader(c.getConfig("faults"), d.key("faults"), d.problems());
        Config fc = f.config();      // its keys and shapes were checked by KeyCheck
        return new io.tdxsim.vmm.DeviceFaults(
                fc.hasPath("throw-every") ? f.longIn("throw-every", 0, Long.MAX_VALUE) : 0,
                fc.hasPath("throw-probability") ? f.fraction("throw-probability") : 0,
                fc.hasPath("delay") ? f.nanos("delay", MAX_NS) : 0,
                fc.hasPath("delay-probability") ? f.fraction("delay-probability") : 0,
                fc.hasPath("drop-every") ? f.longIn("drop-every", 0, Long.MAX_VALUE) : 0,
                fc.hasPath("drop-probability") ? f.fraction("drop-probability") : 0,
                fc.hasPath("duplicate-every") ? f.longIn("duplicate-every", 0, Long.MAX_VALUE) : 0,
                fc.hasPath("duplicate-probability") ? f.fraction("duplicate-probability") : 0,
                restart, seed);
    }

    /**
     * Device ranges must not overlap. Each overlap is reported at the device listed later, naming
     * both devices and their ranges. Null entries (duplicates, reported already) are left out.
     */
    private static void checkOverlaps(List<Scenario.Device> devices, Reader r) {
        List<Integer> byBase = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) != null) {
                byBase.add(i);
            }
        }
        // port ranges apart from guest-physical ones: they are two address spaces
        byBase.sort((a, b) -> devices.get(a).port() != devices.get(b).port() ? Boolean.compare(devices.get(a).port(),
                devices.get(b).port()) : Long.compareUnsigned(devices.get(a).base(), devices.get(b).base()));
        for (int k = 1; k < byBase.size(); k++) {
            int lo = byBase.get(k - 1);
            int hi = byBase.get(k);
            Scenario.Device below = devices.get(lo);
            Scenario.Device above = devices.get(hi);
            if (above.port() == below.port() && Long.compareUnsigned(above.base(), below.base() + below.size()) < 0) {
                int later = Math.max(lo, hi);
                Scenario.Device blamed = devices.get(later);
                Scenario.Device other = later == hi ? below : above;
                String otherWhere = other.where().replaceAll(": $", "");
                problemsOf(r).addRaw(blamed.where() + r.key("devices[" + later + (blamed.port() ? "].port" : "].base"))
                        + ": " + range(blamed)
                        + " overlaps " + range(other) + (otherWhere.isEmpty() ? "" : " (" + otherWhere + ")"));
            }
        }
    }

    private static String range(Scenario.Device d) {
        return String.format("'%s' %s[0x%x, 0x%x)", d.name(), d.port() ? "ports " : "", d.base(), d.base() + d.size());
    }

    private static List<Scenario.Group> readGroups(Reader r, Map<String, Scenario.Program> programs,
                                                   List<Scenario.Device> devices, Config own) {
        List<Scenario.Group> groups = new ArrayList<>();
        List<? extends Config> list = listOfObjects(r, "vcpus");
        if (list == null) {
            list = List.of();
        } else if (list.isEmpty()) {
            String example = "expected at least one vCPU group, e.g. [ { count = 4, program = main } ]";
            if (!own.hasPath("vcpus")) {
                problemsOf(r).add(own.root().origin(), r.key("vcpus"), "missing; " + example);
            } else {
                r.problem("vcpus", example);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            Config c = list.get(i);
            Reader g = new Reader(c, r.key("vcpus[" + i + "]"), problemsOf(r));
            int count = c.hasPath("count") ? g.intIn("count", 1, 10_000_000) : 1;
            boolean hasProgram = g.has("program");
            boolean hasWorkload = g.has("workload");
            if (hasProgram == hasWorkload) {
                g.problem(hasProgram ? "workload" : "program", "expected exactly one of program or workload");
            }
            String program = hasProgram ? g.string("program") : null;
            if (program != null && !programs.containsKey(program)) {
                g.problem("program", "no program named '" + program + "' in tdxsim.programs"
                        + KeyCheck.suggestion(program, programs.keySet()));
            }
            Scenario.Workload workload = hasWorkload ? readWorkload(g, devices) : null;
            boolean user = c.hasPath("user-mode") && g.bool("user-mode");
            long[] regs = c.hasPath("registers") ? readRegisters(g) : null;
            groups.add(new Scenario.Group(count, program, workload, user, regs, Problems.where(c.origin())));
        }
        return groups;
    }

    private static Scenario.Workload readWorkload(Reader g, List<Scenario.Device> devices) {
        Config w = g.config().getConfig("workload");
        Reader r = new Reader(w, g.key("workload"), problemsOf(g));
        int before = problemsOf(g).size();
        List<String> targets = w.hasPath("targets") ? r.strings("targets", "[dev0, dev1]") : List.of();
        if (problemsOf(g).size() == before && (targets.isEmpty() || targets.size() > 8)) {
            r.problem("targets", "expected a list of 1 to 8 device names");
        }
        for (String t : targets) {
            if (devices.stream().noneMatch(d -> d.name().equals(t))) {
                r.problem("targets", "no device named '" + t + "'");
            } else if (devices.stream().anyMatch(d -> d.name().equals(t) && d.port())) {
                r.problem("targets", "'" + t + "' sits at an I/O port; a workload makes MMIO accesses"
                        + " (expected a device with a base, or a program using in/out)");
            }
        }
        List<Long> offsets = w.hasPath("offsets") ? r.addresses("offsets") : List.of(0L);
        double read = w.hasPath("read") ? r.fraction("read") : 0.5;
        List<Long> sizesWritten = w.hasPath("sizes") ? r.wholeNumbers("sizes", "[1, 4]") : List.of(4L);
        List<Integer> sizes = new ArrayList<>();
        for (long s : sizesWritten) {
            sizes.add((int) s);
            if (s != 1 && s != 2 && s != 4 && s != 8) {
                r.problem("sizes", "expected access sizes 1, 2, 4 or 8, got " + s);
                break;
            }
        }
        long exits = w.hasPath("exits") ? r.longIn("exits", 1, 1_000_000_000) : 100;
        int think = w.hasPath("think") ? r.intIn("think", 0, 1_000_000) : 0;
        return new Scenario.Workload(targets, offsets, read, sizes, exits, think);
    }

    private static long[] readRegisters(Reader g) {
        long[] regs = new long[16];
        Config c = g.config().getConfig("registers");
        for (String key : c.root().keySet()) {
            Gpr.Named reg = Gpr.parse(key);
            if (reg == null || reg.size() != 8) {
                g.problem("registers." + key, "expected a 64-bit register name such as rax or r8");
                continue;
            }
            regs[reg.gpr().number()] = new Reader(c, g.key("registers"), problemsOf(g)).address(key);
        }
        return regs;
    }

    /**
     * An entry lacking two or more of its required keys is one mistake (an empty or half-written
     * entry), so it is one problem naming them all, rather than one per key. Pairs of (present,
     * name) follow {@code example}. Returns true if it was reported; the entry is then not read.
     */
    private static boolean missesSeveral(Reader entry, String key, String example, Object... presentAndName) {
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < presentAndName.length; k += 2) {
            if (!(Boolean) presentAndName[k]) {
                missing.add((String) presentAndName[k + 1]);
            }
        }
        if (missing.size() < 2) {
            return false;
        }
        entry.problems().add(entry.config().origin(), key, "missing " + String.join(", ", missing)
                + " (expected an entry such as " + example + ")");
        return true;
    }

    /** The list at {@code path}, or null (reported) if it is not a list of objects. */
    static List<? extends Config> listOfObjects(Reader r, String path) {
        try {
            return r.config().getConfigList(path);
        } catch (ConfigException e) {
            r.problem(path, "expected a list of objects [ { ... }, ... ]");
            return null;
        }
    }

    private static Problems problemsOf(Reader r) {
        return r.problems();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String stripConf(String fileName) {
        String base = fileName.contains("/") ? fileName.substring(fileName.lastIndexOf('/') + 1) : fileName;
        return base.endsWith(".conf") ? base.substring(0, base.length() - 5) : base;
    }
}
