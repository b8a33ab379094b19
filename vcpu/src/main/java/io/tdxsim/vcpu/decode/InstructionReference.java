package io.tdxsim.vcpu.decode;

import java.util.Locale;

/**
 * docs/instruction-set.md, printed from {@link InstructionTable}: what the interpreter executes.
 * Run {@code java -cp vcpu/target/classes io.tdxsim.vcpu.decode.InstructionReference > docs/instruction-set.md}
 * after changing the table; a test fails while the file is stale.
 */
public final class InstructionReference {

    private InstructionReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Instruction set\n\n")
          .append("The x86-64 instructions tdxsim's interpreter executes, generated from its instruction table\n")
          .append("(`vcpu/src/main/java/io/tdxsim/vcpu/decode/InstructionTable.java`); do not edit by hand.\n")
          .append("Every other opcode still decodes to its exact length (the #VE handlers see it as the kernel\n")
          .append("would) but stops the vCPU with `INVALID_OPCODE` if it runs. VEX/EVEX instructions run as far\n")
          .append("as their memory access. Operand size follows 66 and REX.W as on the CPU; `lock` is accepted\n")
          .append("where the LOCK column says so, with a memory destination, and is #UD elsewhere.\n\n")
          .append("| mnemonic | opcode | operands | lock | read-modify-write |\n")
          .append("|---|---|---|---|---|\n");
        for (InstructionTable.Row r : InstructionTable.rows()) {
            sb.append("| `").append(r.mnemonic()).append("` | ").append(opcode(r)).append(" | ")
              .append(r.forms().isEmpty() ? "" : r.forms()).append(" | ")
              .append(r.has(InstructionTable.LOCKABLE) ? "yes" : "").append(" | ")
              .append(r.has(InstructionTable.RMW) ? "yes" : "").append(" |\n");
        }
        sb.append("\n## The assembly dialect\n\n")
          .append("Scenario programs written in assembly use Intel syntax (`mov rax, qword [rdi + 8]`, labels,\n")
          .append("`db` data, device names and `ram` as constants). Its mnemonics, from the assembler's own\n")
          .append("table (a subset of the table above: the assembler encodes what hand-written tests need):\n\n");
        sb.append(String.join(", ", io.tdxsim.vcpu.asm.Assembler.mnemonics().stream().map(m -> "`" + m + "`").toList()))
          .append("\n\n`lock` may prefix ")
          .append(String.join(", ", io.tdxsim.vcpu.asm.Assembler.lockable().stream().map(m -> "`" + m + "`").toList()))
          .append(" with a memory destination. C programs are not limited to this list: gcc's output runs\n")
          .append("as far as the table above reaches.\n");
        return sb.toString();
    }

    private static String opcode(InstructionTable.Row r) {
        StringBuilder sb = new StringBuilder();
        if (r.has(InstructionTable.F3)) {
            sb.append("F3 ");
        }
        if (r.map() == Insn.MAP_0F) {
            sb.append("0F ");
        }
        sb.append(hex(r.low()));
        if (r.high() != r.low()) {
            sb.append('-').append(hex(r.high()));
        }
        if (r.modrm() >= 0) {
            sb.append(' ').append(hex(r.modrm()));
        } else if (r.digit() >= 0) {
            sb.append(" /").append(r.digit());
        }
        if (r.has(InstructionTable.REG_ONLY)) {
            sb.append(" (register form)");
        } else if (r.has(InstructionTable.MEM_ONLY)) {
            sb.append(" (memory form)");
        }
        return sb.toString();
    }

    private static String hex(int b) {
        return String.format(Locale.ROOT, "%02X", b);
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
