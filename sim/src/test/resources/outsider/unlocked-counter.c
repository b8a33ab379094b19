/*
 * The same read-modify-write of a scratch device's register without a lock: two vCPUs that read
 * the same value write the same value back, and one increment is lost.
 */
#include <tdxsim.h>

#ifndef ROUNDS
#define ROUNDS 1
#endif

int main(int vcpu)
{
	volatile void *count = TDX_DEVICE(scratch0);

	(void)vcpu;
	for (int i = 0; i < ROUNDS; i++) {
		u64 seen = readq(count);
		writeq(seen + 1, count);
	}
	return 0;
}
