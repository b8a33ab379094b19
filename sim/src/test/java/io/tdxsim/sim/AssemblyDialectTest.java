package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.VcpuResult;
import org.junit.jupiter.api.Test;

/** Hand-written assembly with calls, a stack frame, multiply and divide, rotates and conditional moves runs as on a CPU. */
class AssemblyDialectTest {

    @Test
    void aRecursiveCallAndTheArithmeticGroupsComputeWhatTheCpuWould() {
        RunResult r = SimRun.run(ScenarioLoader.fromText("""
                tdxsim {
                  name = dialect
                  vcpus = [ { count = 1, program = p } ]
                  programs.p = \"\"\"
                      mov edi, 5
                      call fact
                      mov rbx, rax
                      mov rcx, -7
                      neg rcx
                      xor edx, edx
                      mov eax, 100
                      mov r8, 7
                      div r8
                      mov r9, rdx
                      mov r10, -64
                      sar r10, 3
                      mov r11, 1
                      rol r11, 4
                      xor r12d, r12d
                      cmp rbx, 120
                      sete r12b
                      mov r13, 5
                      mov r14, 9
                      cmp r13, r14
                      cmovl r13, r14
                      not r14
                      push r14
                      push -2
                      pop rsi
                      pop r15
                      imul rsi, rsi, 3
                      hlt
                  fact:
                      push rbx
                      mov rbx, rdi
                      mov eax, 1
                      cmp rbx, 1
                      jle done
                      lea rdi, [rbx - 1]
                      call fact
                      imul rax, rbx
                  done:
                      pop rbx
                      ret
                  \"\"\"
                }
                """, "dialect.conf"));
        VcpuResult v = r.sample().get(0);
        assertEquals("HALTED", v.outcome(), v::toString);
        long[] g = v.gprs();
        assertEquals(120, g[Gpr.RBX.number()], "5! through a recursive call");
        assertEquals(7, g[Gpr.RCX.number()], "neg");
        assertEquals(14, g[Gpr.RAX.number()], "100 / 7");
        assertEquals(2, g[Gpr.R9.number()], "100 % 7");
        assertEquals(-8, g[Gpr.R10.number()], "sar keeps the sign");
        assertEquals(16, g[Gpr.R11.number()], "rol");
        assertEquals(1, g[Gpr.R12.number()], "sete");
        assertEquals(9, g[Gpr.R13.number()], "cmovl");
        assertEquals(~9L, g[Gpr.R15.number()], "not, through push and pop");
        assertEquals(-6, g[Gpr.RSI.number()], "push imm8 sign-extends; imul r, r/m, imm");
    }
}
