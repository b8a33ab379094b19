package io.tdxsim.sim.bench;

import com.typesafe.config.Config;
import io.tdxsim.sim.run.DispatcherSetting;
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

    static Map<String, Object> dispatcher(DispatcherSetting setting, Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("executor", setting.akkaExecutor());
        m.put("threads", setting.resolvedThreads());
        m.put("serving_threads", setting.servingThreads());
        m.put("serving_above_vcpus", DispatcherSetting.shippedServingAboveVcpus());
        m.put("throughput", setting.throughput());
        m.put("mailbox", c.getString("akka.actor.typed.default-mailbox.mailbox-type"));
        return m;
    }

    static String oneLine(Map<String, Object> jvm, Map<String, Object> dispatcher) {
        return String.format("Java %s, %s processors, %s, max heap %.1f GiB; dispatcher %s %s threads "
                        + "(as many as vCPUs if fewer; +%s serving above %s vCPUs), throughput %s", jvm.get("java_version"), jvm.get("processors"), jvm.get("gc"),
                ((Long) jvm.get("max_heap_bytes")) / (double) (1L << 30), dispatcher.get("executor"),
                dispatcher.get("threads"), dispatcher.get("serving_threads"),
                dispatcher.get("serving_above_vcpus"), dispatcher.get("throughput"));
    }
}
