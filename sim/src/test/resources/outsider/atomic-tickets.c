/*
 * Atomics on shared C globals. Every vCPU draws ROUNDS tickets with atomic_fetch_add and marks
 * each in a shared table; the last vCPU to finish (atomic_add_return on a second counter) checks
 * that every ticket was drawn exactly once and reports to two scratch devices: how many tickets
 * were drawn (drawn0) and how many table entries were marked other than once (wrong0).
 */
#include <tdxsim.h>

#ifndef NR_VCPUS
#error "build with -DNR_VCPUS=<vCPUs in the scenario>"
#endif
#ifndef ROUNDS
#define ROUNDS 1
#endif

#define TICKETS (NR_VCPUS * ROUNDS)

static atomic_t next_ticket;
static atomic_t finished;
static atomic_t marks[TICKETS];

int main(int vcpu)
{
	(void)vcpu;
	for (int i = 0; i < ROUNDS; i++) {
		int t = atomic_fetch_add(1, &next_ticket);
		if (t >= 0 && t < TICKETS)
			atomic_inc(&marks[t]);
	}
	if (atomic_add_return(1, &finished) == NR_VCPUS) {
		u64 wrong = 0;
		for (int t = 0; t < TICKETS; t++)
			if (atomic_read(&marks[t]) != 1)
				wrong++;
		writeq((u64)atomic_read(&next_ticket), TDX_DEVICE(drawn0));
		writeq(wrong, TDX_DEVICE(wrong0));
	}
	return 0;
}
