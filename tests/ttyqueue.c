/* ttyqueue: prints how many bytes wait in a terminal's input queue
 * (FIONREAD), so that tests/stress.sh knows when the browser has read
 * every key it was sent.  Usage: ttyqueue /dev/pts/N */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int fd, n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: ttyqueue TTY\n");
		return 2;
	}
	/* O_NOCTTY: looking must not make it our controlling terminal. */
	if ((fd = open(argv[1], O_RDONLY | O_NOCTTY | O_NONBLOCK)) < 0) {
		perror(argv[1]);
		return 1;
	}
	if (ioctl(fd, FIONREAD, &n) < 0) {
		perror(argv[1]);
		close(fd);
		return 1;
	}
	close(fd);
	printf("%d\n", n);
	return 0;
}
