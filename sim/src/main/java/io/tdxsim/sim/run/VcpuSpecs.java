package io.tdxsim.sim.run;

import io.tdxsim.vcpu.VcpuGroup;
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vmm.engine.Perturbation;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A run's vCPUs, each spec made when asked for: a run keeps its groups and the seed's
 * perturbations, not a spec object per vCPU (a million of them in big runs; a vCPU keeps what it
 * needs of its own spec).
 */
final class VcpuSpecs extends AbstractList<VcpuSpec> implements RandomAccess {

    /** Per scenario group, its program variants: the group's k-th vCPU runs variant k mod their count. */
    private final List<List<VcpuGroup>> variants;
    /** Per scenario group, the index of its first vCPU, and last the number of vCPUs. */
    private final int[] firsts;
    /** Per vCPU, its share of the seed's schedule, or null; the array is null when no vCPU has one. */
    private final Perturbation[] perturbations;

    VcpuSpecs(List<List<VcpuGroup>> variants, int[] firsts, Perturbation[] perturbations) {
        if (firsts.length != variants.size() + 1 || perturbations.length < firsts[variants.size()]) {
            throw new IllegalArgumentException("groups, their first vCPUs and the perturbations disagree");
        }
        this.variants = List.copyOf(variants);
        this.firsts = firsts.clone();
        this.perturbations = Arrays.stream(perturbations).allMatch(Objects::isNull) ? null : perturbations;
    }

    @Override
    public VcpuSpec get(int index) {
        Objects.checkIndex(index, size());
        int g = 0;
        while (index >= firsts[g + 1]) {
            g++;
        }
        List<VcpuGroup> own = variants.get(g);
        return new VcpuSpec(index, own.get((index - firsts[g]) % own.size()),
                perturbations == null ? null : perturbations[index]);
    }

    @Override
    public int size() {
        return firsts[firsts.length - 1];
    }
}
