/*
 * pause: the sandbox ("infra") process of every pod.
 *
 * It holds the pod's namespaces open and does nothing else:
 *  - SIGINT / SIGTERM: exit 0 at once (a pod stop must be quick and clean),
 *  - SIGCHLD: reap every exited child (it is PID 1 of the pod when the pod
 *    shares its PID namespace, so orphans are re-parented to it),
 *  - otherwise sleep in pause() forever.
 *
 * Built by node/node-env.sh with: gcc -static -Os -s -o pause pause.c
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig)
{
	(void)sig;
	_exit(0);
}

static void on_child(int sig)
{
	int saved = errno;
	(void)sig;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	errno = saved;
}

int main(void)
{
	struct sigaction sa = { 0 };

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0)
		return 1;

	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
	if (sigaction(SIGCHLD, &sa, NULL) < 0)
		return 2;

	for (;;)
		pause();
}
