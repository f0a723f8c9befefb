; ModuleID = 'numjit:m.root'
source_filename = "numjit:m.root"

@.str.0 = private unnamed_addr constant [52 x i8] c"f() takes 2 positional arguments but %zd were given\00", align 1

@PyExc_TypeError = external global ptr
declare double @PyFloat_AsDouble(ptr)
declare ptr @PyErr_Format(ptr, ptr, ...)
declare ptr @PyErr_Occurred()
declare ptr @PyFloat_FromDouble(double)

define i32 @nj_m_root__float64_float64(ptr noalias nocapture %ret, ptr noalias nocapture %exc, double %a0, double %a1) #0 {
entry:
  %"v.x" = alloca double
  %"v.y" = alloca double
  %"v.$0" = alloca double
  br label %B0
B0:
  store double %a0, ptr %"v.x"
  store double %a1, ptr %"v.y"
  %t0 = load double, ptr %"v.x"
  %t1 = load double, ptr %"v.y"
  %t2 = fadd double %t0, %t1
  store double %t2, ptr %"v.$0"
  %t3 = load double, ptr %"v.$0"
  store double %t3, ptr %ret
  ret i32 0
}

define ptr @nj_entry_m_root__float64_float64(ptr %self, ptr %args, i64 %nargs) #0 {
entry:
  %t0 = icmp eq i64 %nargs, 2
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
  %t14 = alloca double
  %t15 = alloca ptr
  store ptr null, ptr %t15
  %t16 = call i32 @nj_m_root__float64_float64(ptr %t14, ptr %t15, double %t4, double %t10)
  %t17 = icmp ne i32 %t16, 0
  br i1 %t17, label %raise, label %box
raise:
  unreachable
box:
  %t18 = load double, ptr %t14
  %t19 = call ptr @PyFloat_FromDouble(double %t18)
  ret ptr %t19
}

attributes #0 = { nounwind }
attributes #1 = { alwaysinline nounwind }
attributes #2 = { noinline nounwind }
