/* Preloaded before libfaketime by `scripts/test --at`: sleeps on the monotonic clock go
 * straight to the kernel.
 *
 * `scripts/test --at` fakes only the wall clock (libfaketime with FAKETIME_DONT_FAKE_MONOTONIC),
 * because Python's lock and queue timeouts wait on the real monotonic clock through
 * sem_clockwait, which libfaketime does not intercept: with a faked monotonic clock every
 * `Event.wait(0.3)` waits as long as the fake time is ahead. But Debian 12's libfaketime
 * (0.9.10) then shifts the absolute monotonic deadline of clock_nanosleep, which Python 3.11's
 * time.sleep uses, by the wall clock's offset, and the kernel refuses it (EINVAL) or sleeps
 * for days (wolfcw/libfaketime#426). The monotonic clock is not faked, so its deadlines need
 * no translation; sleeps on any other clock still go through libfaketime.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int clock_nanosleep(clockid_t clock_id, int flags, const struct timespec *request,
                    struct timespec *remain) {
  static int (*next)(clockid_t, int, const struct timespec *, struct timespec *);

  if (clock_id == CLOCK_MONOTONIC || clock_id == CLOCK_MONOTONIC_RAW ||
      clock_id == CLOCK_BOOTTIME) {
    /* clock_nanosleep returns the error number instead of setting errno. */
    return syscall(SYS_clock_nanosleep, clock_id, flags, request, remain) == -1 ? errno : 0;
  }
  if (next == NULL) {
    next = (int (*)(clockid_t, int, const struct timespec *, struct timespec *))dlsym(
        RTLD_NEXT, "clock_nanosleep");
  }
  return next(clock_id, flags, request, remain);
}
