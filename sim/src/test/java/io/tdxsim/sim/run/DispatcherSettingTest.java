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

    @Test
    void theShippedSettingIsWhatAScenarioThatSaysNothingGets() {
        var scenario = ScenarioLoader.fromText("""
                tdxsim {
                  name = plain
                  devices = [ { name = ctr, model = counter, base = 0xfe000000 } ]
                  vcpus = [ { count = 1, workload { targets = [ctr], offsets = [0], read = 100%, sizes = [4], exits = 1 } } ]
                }
                """, "p.conf");
        assertEquals(DispatcherSetting.shipped(), DispatcherSetting.of(scenario));
    }

    @Test
    void anUnknownExecutorIsRefusedWithTheChoices() {
        ScenarioException e = Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioLoader.fromText(RUN.formatted("work-stealing"), "d.conf"));
        assertTrue(e.getMessage().contains("run.dispatcher-executor"), e.getMessage());
        assertTrue(e.getMessage().contains("fork-join, thread-pool, affinity-pool, spin-pool"), e.getMessage());
    }
}
