public class Zc { public static void main(String[] a) { System.out.println("isAlive=" + ProcessHandle.of(Long.parseLong(a[0])).map(ProcessHandle::isAlive)); } }
