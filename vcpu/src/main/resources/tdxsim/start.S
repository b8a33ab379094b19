/* Entry of every vCPU: RDI holds its index (main's argument), RSP the top of its own stack.
   Returning from main stops the vCPU as halt() does: interrupts off, then hlt (with them on,
   hlt would be a sleep, and upstream's #VE handler refuses it). The string functions gcc may call on its own
   (struct copies, large initialisers) are here too, written without rep movs/stos in the other
   direction (DF stays clear). So are the interrupt entry stubs that request_irq() points IDT
   gates at. */
	.section .text.tdxsim_start, "ax"
	.globl _start
_start:
	call main
	cli
	hlt

/* One 16-byte stub per vector 32..255: push the vector, go to the common entry. */
	.text
	.p2align 4
	.globl tdxsim_irq_stubs
tdxsim_irq_stubs:
	vector = 32
	.rept 224
	.p2align 4
	pushq $vector
	jmp tdxsim_irq_common
	vector = vector + 1
	.endr

/* Saves the registers a C function may clobber, calls the vector's handler with (vector, dev)
   on a 16-byte aligned stack, restores them and returns with iretq. The CPU aligned the frame
   (SS, RSP, RFLAGS, CS, RIP: 40 bytes) to 16; the vector and nine registers make 80 more. */
tdxsim_irq_common:
	push %rax
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	mov 72(%rsp), %rdi
	mov tdxsim_irq_dev(,%rdi,8), %rsi
	mov tdxsim_irq_handlers(,%rdi,8), %rax
	sub $8, %rsp
	call *%rax
	add $8, %rsp
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rax
	add $8, %rsp
	iretq

/* The IDT all vCPUs load (as Linux's idt_table), and request_irq()'s handlers per vector. */
	.bss
	.p2align 4
	.globl tdxsim_idt, tdxsim_irq_handlers, tdxsim_irq_dev
tdxsim_idt:
	.space 256 * 16
tdxsim_irq_handlers:
	.space 256 * 8
tdxsim_irq_dev:
	.space 256 * 8

	.text
	.globl memcpy
memcpy:
	mov %rdi, %rax
	mov %rdx, %rcx
	rep movsb
	ret

	.globl memset
memset:
	mov %rdi, %r9
	mov %esi, %eax
	mov %rdx, %rcx
	rep stosb
	mov %r9, %rax
	ret

	.globl memmove
memmove:
	mov %rdi, %rax
	cmp %rsi, %rdi
	jbe memcpy
1:	test %rdx, %rdx
	je 2f
	dec %rdx
	movzbl (%rsi,%rdx), %ecx
	mov %cl, (%rdi,%rdx)
	jmp 1b
2:	ret

	.globl memcmp
memcmp:
	xor %eax, %eax
	xor %ecx, %ecx
1:	cmp %rdx, %rcx
	je 2f
	movzbl (%rdi,%rcx), %eax
	movzbl (%rsi,%rcx), %r8d
	inc %rcx
	sub %r8d, %eax
	je 1b
2:	ret

	.section .note.GNU-stack, "", @progbits
