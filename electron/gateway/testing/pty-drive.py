#!/usr/bin/python3
# Runs a command in a pseudo-terminal and answers its prompts, for tests of interactive CLI
# commands: argv[1] is a JSON list of [text to wait for, line to type] pairs, the rest is the
# command. Prints what the terminal showed and exits with the command's exit code.
import fcntl, json, os, pty, select, struct, sys, termios, time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))

shown = b''

def read(timeout):
    """'data', 'timeout', or 'eof' (Linux reports the child's exit as EIO)."""
    global shown
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return 'timeout'
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return 'eof'
    if not chunk:
        return 'eof'
    shown += chunk
    return 'data'

searched = 0
for expected, answer in steps:
    deadline = time.time() + 30
    while expected.encode() not in shown[searched:]:
        if time.time() > deadline or read(0.2) == 'eof':
            sys.stdout.write(shown.decode('utf8', 'replace'))
            sys.stderr.write(f'pty-drive: never saw {expected!r}\n')
            sys.exit(99)
    searched = shown.index(expected.encode(), searched) + len(expected)
    os.write(fd, (answer + '\r').encode())

while read(30) == 'data':
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
