package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.DispatcherExecutor;
import io.tdxsim.sim.scenario.ScenarioException;
import io.tdxsim.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/** The run block chooses the actor dispatcher, and a run really gets the one it asked for. */
class DispatcherSettingTest {

    private static final String RUN = """
            tdxsim {
              name = dispatcher
              run.dispatcher-executor = %s
              run.dispatcher-threads = 3
              run.dispatcher-throughput = 7
              devices = [ { name = ctr, model = counter, base = 0xfe000000 } ]
              vcpus = [ { count = 8, workload { targets = [ctr], offsets = [0], read = 100%%, sizes = [4], exits = 5 } } ]
            }
            """;

    @Test
    void eachExecutorTheRunBlockNamesIsTheOneTheActorSystemGets() {
        var akkaNames = java.util.Map.of("fork-join", "fork-join-executor", "thread-pool", "thread-pool-executor",
                "affinity-pool", "affinity-pool-executor", "spin-pool", "io.tdxsim.sim.run.SpinPool");
        assertEquals(akkaNames.size(), DispatcherExecutor.values().length, "every executor is tried here");
        for (String executor : akkaNames.keySet()) {
            var scenario = ScenarioLoader.fromText(RUN.formatted(executor), "d.conf");
            DispatcherSetting setting = DispatcherSetting.of(scenario);
            assertEquals(executor, setting.executor().scenarioName());
            assertEquals(3, setting.resolvedThreads());
            var config = SimRun.actorConfig(scenario);
            assertEquals(akkaNames.get(executor), config.getString("akka.actor.default-dispatcher.executor"));
            assertEquals(7, config.getInt("akka.actor.default-dispatcher.throughput"));
            RunResult result = SimRun.run(scenario);
            assertEquals(40, result.totalExits(), executor + " ran every exit");
        }
    }

    /** More runnable vCPUs than the affinity pool's default queue holds (512): the run still ends. */
    @Test
    void theAffinityPoolRunsMoreActorsThanItsDefaultQueueHolds() {
        var scenario = ScenarioLoader.fromText("""
                tdxsim {
                  name = many
                  run.dispatcher-executor = affinity-pool
                  run.timeout = 60s
                  devices = [ { name = ctr, model = counter, base = 0xfe000000 } ]
                  vcpus = [ { count = 2048, workload { targets = [ctr], offsets = [0], read = 100%, sizes = [4], exits = 2 } } ]
                }
                """, "many.conf");
        RunResult result = SimRun.run(scenario);
        assertTrue(result.complete(), "the run ended on its own");
        assertEquals(4096, result.totalExits());
    }

    /** Thread names of a device, by the run's serving threads (Akka names a thread by its dispatcher). */
    private static java.util.Set<String> servedOn(String tag, boolean lockless, int servingThreads) {
        ThreadNameDevice.THREADS.remove(tag);
        var scenario = ScenarioLoader.fromText("""
                tdxsim {
                  name = serving
                  mode = stress
                  run.serving-threads = %d
                  run.serving-above-vcpus = 0
                  devices = [ { name = d0, class = "io.tdxsim.sim.run.ThreadNameDevice", base = 0xfe000000,
                                size = 4KiB, params { tag = %s, lockless = %b } } ]
                  vcpus = [ { count = 16, workload { targets = [d0], offsets = [0], read = 50%%, sizes = [4], exits = 50 } } ]
                }
                """.formatted(servingThreads, tag, lockless), "serving.conf");
        RunResult result = SimRun.run(scenario);
        assertEquals(800, result.totalExits());
        return ThreadNameDevice.THREADS.get(tag);
    }

    @Test
    void aDeviceServingOneAccessAtATimeRunsOnTheServingThreadsAndALocklessOneWithTheVcpus() {
        var serial = servedOn("serial", false, 1);
        assertTrue(!serial.isEmpty() && serial.stream().allMatch(t -> t.contains(DispatcherSetting.SERVING_DISPATCHER)),
                serial.toString());
        var lockless = servedOn("lockless", true, 1);
        assertTrue(!lockless.isEmpty() && lockless.stream().allMatch(t -> t.contains("default-dispatcher")),
                lockless.toString());
        var shared = servedOn("shared", false, 0);
        assertTrue(!shared.isEmpty() && shared.stream().allMatch(t -> t.contains("default-dispatcher")),
                shared.toString());
    }

    @Test
    void aRunOfFewerVcpusThanProcessorsGetsNoMoreThreadsThanVcpus() {
        int processors = Runtime.getRuntime().availableProcessors();
        String text = """
                tdxsim {
                  name = few
                  %s
                  devices = [ { name = ctr, model = counter, base = 0xfe000000 } ]
                  vcpus = [ { count = %d, workload { targets = [ctr], offsets = [0], read = 100%%, sizes = [4], exits = 1 } } ]
                }
                """;
        var one = DispatcherSetting.of(ScenarioLoader.fromText(text.formatted("", 1), "one.conf"));
        assertEquals(1, one.resolvedThreads());
        assertEquals(1, one.config().getInt("akka.actor.default-dispatcher.spin-pool.threads"));
        assertEquals(one, DispatcherSetting.shippedFor(1));
        assertEquals("spin-pool 1 thread, throughput 100", one.label());
        var asked = DispatcherSetting.of(ScenarioLoader.fromText(text.formatted("run.dispatcher-threads = 2", 1), "two.conf"));
        assertEquals(2, asked.resolvedThreads(), "threads the scenario names are kept");
        var many = DispatcherSetting.of(ScenarioLoader.fromText(text.formatted("", processors), "many.conf"));
        assertEquals(processors, many.resolvedThreads());
    }

    @Test
    void onlyASettingWithServingThreadsConfiguresTheServingDispatcher() {
        var with = new DispatcherSetting(DispatcherExecutor.THREAD_POOL, 3, 7, 2).config();
        assertEquals(2, with.getInt(DispatcherSetting.SERVING_DISPATCHER + ".thread-pool-executor.fixed-pool-size"));
        assertEquals(7, with.getInt(DispatcherSetting.SERVING_DISPATCHER + ".throughput"));
        assertEquals(3, with.getInt("akka.actor.default-dispatcher.thread-pool-executor.fixed-pool-size"));
        assertTrue(!new DispatcherSetting(DispatcherExecutor.THREAD_POOL, 3, 7, 0).config()
                .hasPath(DispatcherSetting.SERVING_DISPATCHER));
    }

    @Test
    void theShippedSettingIsWhatAScenarioThatSaysNothingGets() {
        var scenario = ScenarioLoader.fromText("""
                tdxsim {
                  name = plain
                  devices = [ { name = ctr, model = counter, base = 0xfe000000 } ]
                  vcpus = [ { count = 1, workload { targets = [ctr], offsets = [0], read = 100%, sizes = [4], exits = 1 } } ]
                }
                """, "p.conf");
        assertEquals(DispatcherSetting.shippedFor(1), DispatcherSetting.of(scenario));
    }

    @Test
    void onlyARunOfMoreVcpusThanTheThresholdGetsServingThreads() {
        int above = DispatcherSetting.shippedServingAboveVcpus();
        String text = """
                tdxsim {
                  name = sized
                  devices = [ { name = ctr, model = counter, base = 0xfe000000 } ]
                  vcpus = [ { count = %d, workload { targets = [ctr], offsets = [0], read = 100%%, sizes = [4], exits = 1 } } ]
                }
                """;
        var small = DispatcherSetting.of(ScenarioLoader.fromText(text.formatted(above), "s.conf"));
        var large = DispatcherSetting.of(ScenarioLoader.fromText(text.formatted(above + 1), "l.conf"));
        assertEquals(0, small.servingThreads());
        assertEquals(DispatcherSetting.shipped().servingThreads(), large.servingThreads());
        assertTrue(large.servingThreads() > 0, "the shipped setting has serving threads");
        assertEquals(DispatcherSetting.shippedFor(above), small);
        assertEquals(DispatcherSetting.shippedFor(above + 1), large);
        assertTrue(!SimRun.actorConfig(ScenarioLoader.fromText(text.formatted(above), "s.conf"))
                .hasPath(DispatcherSetting.SERVING_DISPATCHER));
    }

    @Test
    void anUnknownExecutorIsRefusedWithTheChoices() {
        ScenarioException e = Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioLoader.fromText(RUN.formatted("work-stealing"), "d.conf"));
        assertTrue(e.getMessage().contains("run.dispatcher-executor"), e.getMessage());
        assertTrue(e.getMessage().contains("fork-join, thread-pool, affinity-pool, spin-pool"), e.getMessage());
    }
}
