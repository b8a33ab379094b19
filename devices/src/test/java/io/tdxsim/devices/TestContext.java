package io.tdxsim.devices;

import java.util.ArrayList;
import java.util.List;

/** A hand-driven access context: tests set the virtual time and the requesting vCPU. */
final class TestContext implements AccessContext {

    private long nowNs;
    private int vcpu;
    final List<String> logged = new ArrayList<>();

    static TestContext at(long nowNs) {
        TestContext ctx = new TestContext();
        ctx.nowNs = nowNs;
        return ctx;
    }

    TestContext time(long nowNs) {
        this.nowNs = nowNs;
        return this;
    }

    TestContext advance(long ns) {
        this.nowNs += ns;
        return this;
    }

    TestContext vcpu(int vcpu) {
        this.vcpu = vcpu;
        return this;
    }

    @Override
    public long nowNs() {
        return nowNs;
    }

    @Override
    public int vcpu() {
        return vcpu;
    }

    @Override
    public DeviceLog log() {
        return logged::add;
    }
}
