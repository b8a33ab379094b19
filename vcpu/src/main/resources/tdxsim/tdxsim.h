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

/* Stops this vCPU (as returning from main does). */
static inline void __attribute__((noreturn)) halt(void)
{
	for (;;)
		__asm__ __volatile__("hlt" ::: "memory");
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
