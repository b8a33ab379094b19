package io.tdxsim.sim.bench;

import com.typesafe.config.Config;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The JVM and actor-dispatcher settings a bench ran with, for the table header and bench.json. */
final class Environment {

    private Environment() {
    }

    static Map<String, Object> jvm() {
        Map<String, Object> m = new LinkedHashMap<>();
        Runtime rt = Runtime.getRuntime();
        m.put("java_version", System.getProperty("java.version"));
        m.put("vm", System.getProperty("java.vm.name"));
        m.put("processors", rt.availableProcessors());
        m.put("max_heap_bytes", rt.maxMemory());
        m.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        m.put("jvm_args", String.join(" ", args));
        return m;
    }

    static Map<String, Object> dispatcher(Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        String d = "akka.actor.default-dispatcher.";
        m.put("executor", c.getString(d + "executor"));
        m.put("parallelism_min", c.getInt(d + "fork-join-executor.parallelism-min"));
        m.put("parallelism_max", c.getInt(d + "fork-join-executor.parallelism-max"));
        m.put("throughput", c.getInt(d + "throughput"));
        m.put("mailbox", c.getString("akka.actor.typed.default-mailbox.mailbox-type"));
        return m;
    }

    static String oneLine(Map<String, Object> jvm, Map<String, Object> dispatcher) {
        return String.format("Java %s, %s processors, %s, max heap %.1f GiB; dispatcher %s %s-%s threads, "
                        + "throughput %s", jvm.get("java_version"), jvm.get("processors"), jvm.get("gc"),
                ((Long) jvm.get("max_heap_bytes")) / (double) (1L << 30), dispatcher.get("executor"),
                dispatcher.get("parallelism_min"), dispatcher.get("parallelism_max"), dispatcher.get("throughput"));
    }
}
