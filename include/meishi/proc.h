/*
 * Process-level set-up that must happen before libraries initialise.
 */
#ifndef MEISHI_PROC_H
#define MEISHI_PROC_H

/* Tesseract's OpenMP threads make one page several times slower in wall
 * time on a small machine, and libgomp reads OMP_THREAD_LIMIT only when it
 * is loaded. If the variable is unset, this sets it to 1 and re-executes
 * the program (argv as given); it returns only if no re-exec was needed or
 * it failed. Call it first thing in main(). */
void ms_proc_limit_openmp(char **argv);

/* Seconds on a monotonic clock. */
double ms_now(void);

/* CPU seconds used by the calling thread: a budget measured on it does
 * not shrink when other work shares the machine. */
double ms_thread_cpu(void);

/* Peak resident set size of this process, in bytes. */
long ms_peak_rss(void);

#endif /* MEISHI_PROC_H */
