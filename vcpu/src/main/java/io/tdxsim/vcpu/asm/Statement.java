package io.tdxsim.vcpu.asm;

import java.util.List;

/**
 * One source line after parsing: the labels it defines and, unless {@code mnemonic} is null, one
 * instruction or directive. {@code mnemonic} and {@code prefix} are lower case.
 */
record Statement(int line, List<String> labels, String prefix, String mnemonic, List<Operand> operands) {

    boolean hasInstruction() {
        return mnemonic != null;
    }

    Operand operand(int i) {
        return operands.get(i);
    }

    int arity() {
        return operands.size();
    }
}
