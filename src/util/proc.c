/*
 * Process helpers: the OpenMP thread limit, a monotonic clock, the
 * calling thread's CPU time and the peak resident set size (meishi/proc.h).
 */
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "meishi/proc.h"

void ms_proc_limit_openmp(char **argv)
{
	if (getenv("OMP_THREAD_LIMIT"))
		return;
	if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
		return;
	execv("/proc/self/exe", argv);
	/* exec failed: carry on, only slower. */
}

double ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double ms_thread_cpu(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return ms_now();
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long ms_peak_rss(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss * 1024L;
}
