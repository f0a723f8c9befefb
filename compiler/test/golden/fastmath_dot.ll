; ModuleID = 'numjit:m.root'
source_filename = "numjit:m.root"

@.str.0 = private unnamed_addr constant [52 x i8] c"f() takes 3 positional arguments but %zd were given\00", align 1

@PyExc_TypeError = external global ptr
declare double @PyFloat_AsDouble(ptr)
declare ptr @PyErr_Format(ptr, ptr, ...)
declare ptr @PyErr_Occurred()
declare ptr @PyFloat_FromDouble(double)

define i32 @nj_m_root__float64_float64_float64(ptr noalias nocapture %ret, ptr noalias nocapture %exc, double %a0, double %a1, double %a2) #0 {
entry:
  %"v.a" = alloca double
  %"v.b" = alloca double
  %"v.c" = alloca double
  %"v.$0" = alloca double
  %"v.$1" = alloca double
  br label %B0
B0:
  store double %a0, ptr %"v.a"
  store double %a1, ptr %"v.b"
  store double %a2, ptr %"v.c"
  %t0 = load double, ptr %"v.a"
  %t1 = load double, ptr %"v.b"
  %t2 = fmul fast double %t0, %t1
  store double %t2, ptr %"v.$0"
  %t3 = load double, ptr %"v.$0"
  %t4 = load double, ptr %"v.c"
  %t5 = fadd fast double %t3, %t4
  store double %t5, ptr %"v.$1"
  %t6 = load double, ptr %"v.$1"
  store double %t6, ptr %ret
  ret i32 0
}

define ptr @nj_entry_m_root__float64_float64_float64(ptr %self, ptr %args, i64 %nargs) #0 {
entry:
  %t0 = icmp eq i64 %nargs, 3
  br i1 %t0, label %unbox, label %badargs
badargs:
  %t1 = load ptr, ptr @PyExc_TypeError
  call ptr (ptr, ptr, ...) @PyErr_Format(ptr %t1, ptr @.str.0, i64 %nargs)
  ret ptr null
unbox:
  %t2 = getelementptr inbounds ptr, ptr %args, i64 0
  %t3 = load ptr, ptr %t2
  %t4 = call double @PyFloat_AsDouble(ptr %t3)
  %t5 = fcmp oeq double %t4, -1.0
  br i1 %t5, label %check.0, label %ok.1
check.0:
  %t6 = call ptr @PyErr_Occurred()
  %t7 = icmp ne ptr %t6, null
  br i1 %t7, label %check.0.fail, label %ok.1
check.0.fail:
  ret ptr null
ok.1:
  %t8 = getelementptr inbounds ptr, ptr %args, i64 1
  %t9 = load ptr, ptr %t8
  %t10 = call double @PyFloat_AsDouble(ptr %t9)
  %t11 = fcmp oeq double %t10, -1.0
  br i1 %t11, label %check.2, label %ok.3
check.2:
  %t12 = call ptr @PyErr_Occurred()
  %t13 = icmp ne ptr %t12, null
  br i1 %t13, label %check.2.fail, label %ok.3
check.2.fail:
  ret ptr null
ok.3:
  %t14 = getelementptr inbounds ptr, ptr %args, i64 2
  %t15 = load ptr, ptr %t14
  %t16 = call double @PyFloat_AsDouble(ptr %t15)
  %t17 = fcmp oeq double %t16, -1.0
  br i1 %t17, label %check.4, label %ok.5
check.4:
  %t18 = call ptr @PyErr_Occurred()
  %t19 = icmp ne ptr %t18, null
  br i1 %t19, label %check.4.fail, label %ok.5
check.4.fail:
  ret ptr null
ok.5:
  %t20 = alloca double
  %t21 = alloca ptr
  store ptr null, ptr %t21
  %t22 = call i32 @nj_m_root__float64_float64_float64(ptr %t20, ptr %t21, double %t4, double %t10, double %t16)
  %t23 = icmp ne i32 %t22, 0
  br i1 %t23, label %raise, label %box
raise:
  unreachable
box:
  %t24 = load double, ptr %t20
  %t25 = call ptr @PyFloat_FromDouble(double %t24)
  ret ptr %t25
}

attributes #0 = { nounwind }
attributes #1 = { alwaysinline nounwind }
attributes #2 = { noinline nounwind }
