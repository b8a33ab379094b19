/* Entry of every vCPU: RDI holds its index (main's argument), RSP the top of its own stack.
   Returning from main halts the vCPU. The string functions gcc may call on its own (struct
   copies, large initialisers) are here too, written without rep movs/stos in the other
   direction (DF stays clear). */
	.section .text.tdxsim_start, "ax"
	.globl _start
_start:
	call main
	hlt

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
