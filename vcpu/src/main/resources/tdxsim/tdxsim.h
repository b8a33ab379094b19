/*
 * tdxsim.h: what a driver compiled for tdxsim can use, with the Linux kernel's names and
 * argument order so the code reads as it would in a kernel. Freestanding: no libc.
 *
 * Each vCPU runs `int main(int vcpu)` with its own stack and its index as the argument;
 * returning from main halts it. Globals are shared by all vCPUs of the TD, as in a kernel.
 */
#ifndef TDXSIM_H
#define TDXSIM_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned long size_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

/*
 * The base address of the scenario's device of that name, as ioremap() would return it.
 * tdxsim defines TDX_DEVICE_<name> for every device when it compiles the program.
 */
#define TDX_DEVICE(name) ((volatile void *)(TDX_DEVICE_##name))

#define barrier() __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/*
 * MMIO accessors: each one MOV of the access's width with the address in a memory operand, as
 * arch/x86/include/asm/io.h builds them, so the #VE handler sees the instruction the kernel's
 * accessors produce whatever the optimisation level.
 */
#define TDXSIM_READ(name, type, suffix, reg)                                              \
	static inline type name(const volatile void *addr)                                 \
	{                                                                                  \
		type value;                                                                \
		__asm__ __volatile__("mov" suffix " %1, %0"                               \
				     : reg(value) : "m"(*(const volatile type *)addr) : "memory"); \
		return value;                                                              \
	}
#define TDXSIM_WRITE(name, type, suffix, reg)                                             \
	static inline void name(type value, volatile void *addr)                           \
	{                                                                                  \
		__asm__ __volatile__("mov" suffix " %0, %1"                               \
				     : : reg(value), "m"(*(volatile type *)addr) : "memory"); \
	}
TDXSIM_READ(readb, u8, "b", "=q")
TDXSIM_READ(readw, u16, "w", "=r")
TDXSIM_READ(readl, u32, "l", "=r")
TDXSIM_READ(readq, u64, "q", "=r")
TDXSIM_WRITE(writeb, u8, "b", "q")
TDXSIM_WRITE(writew, u16, "w", "r")
TDXSIM_WRITE(writel, u32, "l", "r")
TDXSIM_WRITE(writeq, u64, "q", "r")
#undef TDXSIM_READ
#undef TDXSIM_WRITE

/* In a TD the kernel copies to and from MMIO a byte at a time (no string instructions). */
static inline void memcpy_toio(volatile void *dst, const void *src, size_t count)
{
	const u8 *from = (const u8 *)src;
	volatile u8 *to = (volatile u8 *)dst;
	for (size_t i = 0; i < count; i++)
		writeb(from[i], to + i);
}

static inline void memcpy_fromio(void *dst, const volatile void *src, size_t count)
{
	u8 *to = (u8 *)dst;
	const volatile u8 *from = (const volatile u8 *)src;
	for (size_t i = 0; i < count; i++)
		to[i] = readb(from + i);
}

static inline void memset_io(volatile void *dst, int value, size_t count)
{
	volatile u8 *to = (volatile u8 *)dst;
	for (size_t i = 0; i < count; i++)
		writeb((u8)value, to + i);
}

/* PAUSE: the spin-wait hint. */
static inline void cpu_relax(void)
{
	__asm__ __volatile__("rep; nop" ::: "memory");
}

/* Stops this vCPU for good: interrupts off, then HLT, which no interrupt can end. */
static inline void __attribute__((noreturn)) halt(void)
{
	__asm__ __volatile__("cli" ::: "memory");
	for (;;)
		__asm__ __volatile__("hlt" ::: "memory");
}

/*
 * Interrupts. A TD's interrupts are posted into its virtual APIC and taken without a #VE. The IRQ
 * number is the vector (0x20..0xff), as the scenario's devices[].interrupts.vector routes it.
 * request_irq() points the vector's gate of the shared IDT at an entry stub in start.S, which
 * saves the caller-saved registers and calls handler(vector, dev) with interrupts disabled; every
 * vCPU that takes interrupts loads the IDT with load_current_idt() (request_irq() loads it on the
 * calling vCPU). A handler acknowledges its device and ends with apic_eoi().
 */
#define X86_EFLAGS_IF (1UL << 9)
#define __KERNEL_CS 0x10
#define EINVAL 22

typedef enum irqreturn { IRQ_NONE = 0, IRQ_HANDLED = 1 } irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev);

struct gate_struct {
	u16 offset_low;
	u16 segment;
	u16 bits;			/* IST, type 0xe (interrupt gate), DPL, present */
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
} __attribute__((packed));

struct desc_ptr {
	u16 size;
	u64 address;
} __attribute__((packed));

extern struct gate_struct tdxsim_idt[256];
extern irq_handler_t tdxsim_irq_handlers[256];
extern void *tdxsim_irq_dev[256];
extern const u8 tdxsim_irq_stubs[];

static inline void load_current_idt(void)
{
	struct desc_ptr idt = { sizeof(tdxsim_idt) - 1, (u64)tdxsim_idt };
	__asm__ __volatile__("lidt %0" : : "m"(idt) : "memory");
}

static inline int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
			      void *dev)
{
	(void)flags;
	(void)name;
	if (irq < 0x20 || irq > 0xff || !handler)
		return -EINVAL;
	u64 entry = (u64)(tdxsim_irq_stubs + 16 * (irq - 0x20));
	tdxsim_irq_dev[irq] = dev;
	tdxsim_irq_handlers[irq] = handler;
	WRITE_ONCE(tdxsim_idt[irq].offset_low, (u16)entry);
	WRITE_ONCE(tdxsim_idt[irq].segment, __KERNEL_CS);
	WRITE_ONCE(tdxsim_idt[irq].offset_middle, (u16)(entry >> 16));
	WRITE_ONCE(tdxsim_idt[irq].offset_high, (u32)(entry >> 32));
	WRITE_ONCE(tdxsim_idt[irq].bits, 0x8e00);	/* present last: the gate is whole when it is valid */
	load_current_idt();
	return 0;
}

static inline void local_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }
static inline void local_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long flags;
	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("pushq %0; popfq" : : "r"(flags) : "memory", "cc");
}

#define local_irq_save(flags) do { (flags) = arch_local_save_flags(); local_irq_disable(); } while (0)
#define local_irq_restore(flags) arch_local_irq_restore(flags)

static inline bool irqs_disabled(void) { return !(arch_local_save_flags() & X86_EFLAGS_IF); }

/* End of interrupt: the x2APIC EOI MSR, which a TD's virtual APIC takes without a #VE. */
static inline void apic_eoi(void)
{
	__asm__ __volatile__("wrmsr" : : "c"(0x80b), "a"(0), "d"(0) : "memory");
}

/*
 * Call with interrupts disabled, after checking there is nothing to do: sleeps until an interrupt
 * is pending, then enables interrupts, so it is taken right after. As tdx_safe_halt(): a
 * TDVMCALL<Instruction.HLT> with "interrupts blocked" clear, issued directly (a plain HLT is a
 * #VE, and upstream's handler refuses it with interrupts enabled), then STI. An interrupt waits
 * for the instruction after STI: the NOP stands where tdx_safe_halt() returns, so a pending one is
 * taken before safe_halt() does, even if the caller disables interrupts next.
 */
static inline void safe_halt(void)
{
	register u64 r10 __asm__("r10") = 0;
	register u64 r11 __asm__("r11") = 12;		/* EXIT_REASON_HLT */
	register u64 r12 __asm__("r12") = 0;		/* interrupts not blocked */
	__asm__ __volatile__("tdcall; sti; nop"
			     : "+r"(r10), "+r"(r11)
			     : "a"(0), "c"(0x1c00), "r"(r12)
			     : "memory");
}

#define mb() __asm__ __volatile__("mfence" ::: "memory")
#define rmb() __asm__ __volatile__("lfence" ::: "memory")
#define wmb() __asm__ __volatile__("sfence" ::: "memory")
#define smp_mb() mb()

/* The vCPU's index, as the kernel's raw_smp_processor_id() finds it: RDPID reads TSC_AUX. */
static inline int smp_processor_id(void)
{
	u64 id;
	__asm__ __volatile__("rdpid %0" : "=r"(id));
	return (int)id;
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/* Atomics: LOCK-prefixed read-modify-writes, fully fenced as on x86. */
typedef struct { volatile int counter; } atomic_t;
#define ATOMIC_INIT(i) { (i) }

static inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static inline void atomic_set(atomic_t *v, int i) { WRITE_ONCE(v->counter, i); }

static inline void atomic_add(int i, atomic_t *v)
{
	__asm__ __volatile__("lock addl %1, %0" : "+m"(v->counter) : "ir"(i) : "memory", "cc");
}

static inline void atomic_sub(int i, atomic_t *v)
{
	__asm__ __volatile__("lock subl %1, %0" : "+m"(v->counter) : "ir"(i) : "memory", "cc");
}

static inline void atomic_inc(atomic_t *v) { atomic_add(1, v); }
static inline void atomic_dec(atomic_t *v) { atomic_sub(1, v); }

/* Returns the value before the add (LOCK XADD). */
static inline int atomic_fetch_add(int i, atomic_t *v)
{
	__asm__ __volatile__("lock xaddl %0, %1" : "+r"(i), "+m"(v->counter) : : "memory", "cc");
	return i;
}

static inline int atomic_add_return(int i, atomic_t *v) { return atomic_fetch_add(i, v) + i; }

/* Returns the old value; the store happened if it equals `old` (LOCK CMPXCHG). */
static inline int atomic_cmpxchg(atomic_t *v, int old, int new_value)
{
	__asm__ __volatile__("lock cmpxchgl %2, %1"
			     : "+a"(old), "+m"(v->counter) : "r"(new_value) : "memory", "cc");
	return old;
}

/* XCHG with memory: locked without a prefix. */
static inline int atomic_xchg(atomic_t *v, int new_value)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(new_value), "+m"(v->counter) : : "memory");
	return new_value;
}

/* A test-and-set lock: LOCK CMPXCHG to take it, PAUSE while another vCPU holds it. */
typedef struct { volatile u32 locked; } spinlock_t;
#define DEFINE_SPINLOCK(x) spinlock_t x = { 0 }

static inline void spin_lock_init(spinlock_t *lock) { WRITE_ONCE(lock->locked, 0); }

static inline bool spin_trylock(spinlock_t *lock)
{
	u32 old = 0;
	__asm__ __volatile__("lock cmpxchgl %2, %1"
			     : "+a"(old), "+m"(lock->locked) : "r"(1u) : "memory", "cc");
	return old == 0;
}

static inline void spin_lock(spinlock_t *lock)
{
	while (!spin_trylock(lock)) {
		while (READ_ONCE(lock->locked))
			cpu_relax();
	}
}

/* A plain store releases the lock under x86-TSO, as the kernel's queued_spin_unlock does. */
static inline void spin_unlock(spinlock_t *lock)
{
	barrier();
	WRITE_ONCE(lock->locked, 0);
}

#endif
