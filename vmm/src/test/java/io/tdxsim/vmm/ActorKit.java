package io.tdxsim.vmm;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One actor test kit per test class, started before its first test and shut down after its last:
 * {@code @RegisterExtension static final ActorKit kit = new ActorKit();} (Akka 2.6 has a JUnit 4
 * resource only).
 */
final class ActorKit implements BeforeAllCallback, AfterAllCallback {

    private ActorTestKit kit;

    @Override
    public void beforeAll(ExtensionContext context) {
        kit = ActorTestKit.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kit.shutdownTestKit();
    }

    <T> ActorRef<T> spawn(Behavior<T> behavior) {
        return kit.spawn(behavior);
    }

    <T> TestProbe<T> createTestProbe() {
        return kit.createTestProbe();
    }
}
