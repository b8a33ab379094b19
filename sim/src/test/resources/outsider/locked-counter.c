/*
 * A driver keeping a count in the first 8-byte register of a scratch device: read it, add one,
 * write it back. The device does not serialise the sequence, so a spinlock in a C global does:
 * with it no increment is lost, however many vCPUs run this.
 */
#include <tdxsim.h>

#ifndef ROUNDS
#define ROUNDS 1
#endif

static DEFINE_SPINLOCK(count_lock);

int main(int vcpu)
{
	volatile void *count = TDX_DEVICE(scratch0);

	(void)vcpu;
	for (int i = 0; i < ROUNDS; i++) {
		spin_lock(&count_lock);
		writeq(readq(count) + 1, count);
		spin_unlock(&count_lock);
	}
	return 0;
}
