// A JVM workload for the Java tests: prints "ready", then keeps work()
// calling spin() for the milliseconds given, so both get JIT-compiled.
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
		while (System.currentTimeMillis() < end)
			sink += work(1000);
	}
}
