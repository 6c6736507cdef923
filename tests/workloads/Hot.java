// A JVM workload for the Java tests and bench: prints "ready", then keeps
// work() calling spin() for the milliseconds given, so both get
// JIT-compiled, and prints how many work() calls it made.
public class Hot {
	static volatile long sink;

	static long spin(int n) {
		long s = 0;
		for (int i = 0; i < n; i++)
			s += i * 31L ^ (s >>> 3);
		return s;
	}

	static long work(int n) {
		long s = 0;
		for (int i = 0; i < n; i++)
			s += spin(1000);
		return s;
	}

	public static void main(String[] args) {
		long end = System.currentTimeMillis() + Long.parseLong(args[0]);
		System.out.println("ready");
		System.out.flush();
		long calls = 0;
		for (; System.currentTimeMillis() < end; calls++)
			sink += work(1000);
		System.out.println("calls " + calls);
	}
}
